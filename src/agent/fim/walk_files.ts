/**
 * Lists the regular files under a monitored directory, down to `recursionLevel` levels of
 * subdirectories (0: only the directory's own files; Wazuh's recursion_level), never following
 * symbolic links. `root` may itself be a file. Unreadable directories are skipped.
 * Must not: read file contents.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { kindOf } from "./file_attributes.ts";

export async function* walkFiles(root: string, recursionLevel: number): AsyncGenerator<string> {
  const kind = await kindOf(root);
  if (kind === "file") yield root;
  if (kind === "directory") yield* walkDir(root, recursionLevel);
}

async function* walkDir(dir: string, levelsLeft: number): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    // Vanished or unreadable: the next scan will tell (deletions are found from the baseline).
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isFile()) yield path;
    else if (e.isDirectory() && levelsLeft > 0) yield* walkDir(path, levelsLeft - 1);
  }
}
