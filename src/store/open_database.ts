/**
 * Opens a node:sqlite database the way every Riposte store wants it: WAL journal (readers do
 * not block the writer), synchronous=NORMAL in WAL (durable across process crashes; a power
 * loss may lose the last transaction), a busy timeout so a second process waits instead of
 * failing, foreign keys on. Creates the parent folder.
 * Must not: know any schema (each owner runs its own migrations with `migrate`).
 */
import { DatabaseSync } from "node:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export interface OpenDatabaseOptions {
  /** ms to wait on a locked database. @default 5000 */
  readonly busyTimeoutMs?: number;
  readonly readOnly?: boolean;
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): DatabaseSync {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { readOnly: options.readOnly ?? false });
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  if (!options.readOnly) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
  }
  db.exec("PRAGMA foreign_keys = ON");
  return db;
}
