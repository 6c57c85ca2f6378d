/**
 * loadConfigFiles: the I/O edge of the configuration. Reads the files (in order), runs the
 * XML reader in its config dialect, and hands the documents to parseConfig. Never throws on
 * bad input: an unreadable file is a CFG_FILE_READ diagnostic.
 */
import { readFile } from "node:fs/promises";
import { DiagnosticBag, errorMessage } from "../core/mod.ts";
import { readXml, type XmlDocument } from "../xml/mod.ts";
import type { Role } from "./types.ts";
import { guessRole, parseConfig, type ConfigResult } from "./parse_config.ts";

export interface LoadConfigOptions {
  /** Which daemon reads it; guessed with guessRole() when undefined. */
  readonly role?: Role;
}

export interface LoadConfigResult extends ConfigResult {
  /** The role used (given or guessed). */
  readonly role: Role;
}

export async function loadConfigFiles(paths: readonly string[], options: LoadConfigOptions = {}): Promise<LoadConfigResult> {
  const bag = new DiagnosticBag();
  const docs: XmlDocument[] = [];
  for (const path of paths) {
    try {
      docs.push(readXml(await readFile(path, "utf8"), path, { dialect: "config" }));
    } catch (error: unknown) {
      bag.error("CFG_FILE_READ", `Cannot read configuration file "${path}": ${errorMessage(error)}`, { file: path, line: 1, column: 1 });
    }
  }
  const role = options.role ?? guessRole(docs);
  if (bag.hasErrors) return { role, diagnostics: bag.list };
  return { role, ...parseConfig(docs, { role }) };
}
