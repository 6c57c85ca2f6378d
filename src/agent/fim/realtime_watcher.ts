/**
 * The realtime part of FIM: one fs.watch per realtime <directories> entry (recursive for a
 * directory, which Node implements with inotify on Linux; the parent directory filtered to
 * the name for a single file, so a file replaced by rename stays watched). A watch that could
 * not be set up (missing directory) or that failed is retried by `ensure()`, which FIM calls
 * before every scan.
 * Must not: check files itself (it only reports paths to look at).
 */
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, join } from "node:path";
import { kindOf } from "./file_attributes.ts";

export class RealtimeWatcher {
  readonly #paths: readonly string[];
  readonly #onPath: (path: string) => void;
  readonly #onError: (path: string, error: unknown) => void;
  readonly #watchers = new Map<string, FSWatcher>();
  #closed = false;

  constructor(paths: readonly string[], onPath: (path: string) => void, onError: (path: string, error: unknown) => void) {
    this.#paths = paths;
    this.#onPath = onPath;
    this.#onError = onError;
  }

  get watching(): number {
    return this.#watchers.size;
  }

  /** Sets up every watch that is not running; a path that does not exist yet is tried again next time. */
  async ensure(): Promise<void> {
    for (const path of this.#paths) {
      if (this.#closed || this.#watchers.has(path)) continue;
      const kind = await kindOf(path);
      if (kind !== "directory" && kind !== "file") continue;
      try {
        const w = kind === "directory" ? this.#watchDir(path) : this.#watchFile(path);
        w.on("error", (error: unknown) => {
          w.close();
          this.#watchers.delete(path);
          this.#onError(path, error);
        });
        this.#watchers.set(path, w);
      } catch (error: unknown) {
        this.#onError(path, error);
      }
    }
  }

  close(): void {
    this.#closed = true;
    for (const w of this.#watchers.values()) w.close();
    this.#watchers.clear();
  }

  #watchDir(dir: string): FSWatcher {
    return watch(dir, { recursive: true, persistent: true }, (_event, name) => {
      this.#onPath(name ? join(dir, name.toString()) : dir);
    });
  }

  #watchFile(file: string): FSWatcher {
    const base = basename(file);
    return watch(dirname(file), { persistent: true }, (_event, name) => {
      if (name?.toString() === base) this.#onPath(file);
    });
  }
}
