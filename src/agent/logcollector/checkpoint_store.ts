/**
 * Durable source positions in SQLite: for files the byte offset plus the file's identity
 * (dev/inode and a fingerprint of its first bytes), for journald the cursor. The agent keeps
 * them in the spool's database (HOME/queue/spool.db) on the spool's connection, so a write made
 * inside the sink's commit hook lands in the same transaction as the event it follows.
 * Writes are synchronous; outside a transaction each is its own.
 * Must not: decide when to write (sources do, through the sink's commit hook).
 */
import { importLegacyTables, migrate, openDatabase, type DatabaseSync } from "../../store/mod.ts";

/** Where a file source stands in one file. */
export interface FilePosition {
  /** The path the file was found at (as matched by the location). */
  readonly path: string;
  /** `dev:ino` of the file (decimal, from bigint stats). */
  readonly identity: string;
  /** sha256 (hex) of the first `fingerprintBytes` bytes of the file. */
  readonly fingerprint: string;
  readonly fingerprintBytes: number;
  /** Byte offset just after the last line the sink accepted. */
  readonly offset: number;
}

/** Position storage shared by every source of one collector. Not safe across processes. */
export interface CheckpointStore {
  /** True once `markStarted(sourceId)` was called in any earlier or current run. */
  hasStarted(sourceId: string): boolean;
  markStarted(sourceId: string): void;
  listFiles(sourceId: string): FilePosition[];
  putFile(sourceId: string, position: FilePosition): void;
  deleteFile(sourceId: string, path: string): void;
  getCursor(sourceId: string): string | undefined;
  putCursor(sourceId: string, cursor: string): void;
  /** Closes the database when the store opened it (a shared connection is left open). */
  close(): void;
}

const SCHEMA = [
  `CREATE TABLE sources (source TEXT PRIMARY KEY, started_at INTEGER NOT NULL);
   CREATE TABLE file_positions (
     source TEXT NOT NULL, path TEXT NOT NULL, identity TEXT NOT NULL, fingerprint TEXT NOT NULL,
     fingerprint_bytes INTEGER NOT NULL, offset INTEGER NOT NULL, PRIMARY KEY (source, path));
   CREATE TABLE cursors (source TEXT PRIMARY KEY, cursor TEXT NOT NULL);`,
];

interface FileRow {
  path: string;
  identity: string;
  fingerprint: string;
  fingerprint_bytes: number;
  offset: number;
}

/** Opens (creating) the checkpoint tables in the database at `path` (":memory:" for tests) or in an open connection. */
export function openCheckpointStore(database: string | DatabaseSync): CheckpointStore {
  const db: DatabaseSync = typeof database === "string" ? openDatabase(database) : database;
  migrate(db, "logcollector_checkpoints", SCHEMA);
  const started = db.prepare("SELECT 1 AS one FROM sources WHERE source = ?");
  const mark = db.prepare("INSERT OR IGNORE INTO sources (source, started_at) VALUES (?, ?)");
  const list = db.prepare("SELECT path, identity, fingerprint, fingerprint_bytes, offset FROM file_positions WHERE source = ?");
  const put = db.prepare(
    `INSERT INTO file_positions (source, path, identity, fingerprint, fingerprint_bytes, offset) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(source, path) DO UPDATE SET identity = excluded.identity, fingerprint = excluded.fingerprint,
       fingerprint_bytes = excluded.fingerprint_bytes, offset = excluded.offset`,
  );
  const del = db.prepare("DELETE FROM file_positions WHERE source = ? AND path = ?");
  const getCursor = db.prepare("SELECT cursor FROM cursors WHERE source = ?");
  const putCursor = db.prepare("INSERT INTO cursors (source, cursor) VALUES (?, ?) ON CONFLICT(source) DO UPDATE SET cursor = excluded.cursor");
  return {
    hasStarted: (source) => started.get(source) !== undefined,
    markStarted: (source) => void mark.run(source, Date.now()),
    listFiles: (source) =>
      (list.all(source) as unknown as FileRow[]).map((r) => ({
        path: r.path,
        identity: r.identity,
        fingerprint: r.fingerprint,
        fingerprintBytes: r.fingerprint_bytes,
        offset: r.offset,
      })),
    putFile: (source, p) => void put.run(source, p.path, p.identity, p.fingerprint, p.fingerprintBytes, p.offset),
    deleteFile: (source, path) => void del.run(source, path),
    getCursor: (source) => (getCursor.get(source) as { cursor: string } | undefined)?.cursor,
    putCursor: (source, cursor) => void putCursor.run(source, cursor),
    close: () => {
      if (typeof database === "string") db.close();
    },
  };
}

/** Where earlier versions kept positions (relative to the Riposte home). */
export const LEGACY_CHECKPOINTS = "queue/logcollector/checkpoints.db";

/**
 * Copies an earlier version's positions (HOME/queue/logcollector/checkpoints.db) once into
 * `db`, whose checkpoint tables must exist (openCheckpointStore first), and renames the old file
 * `checkpoints.db.imported`: an upgraded agent neither reads files again from the start nor
 * skips what was written while it was down. Positions `db` already holds win.
 * Returns the rows copied (0 when there is no old file).
 */
export function importLegacyCheckpoints(db: DatabaseSync, legacyPath: string): number {
  return importLegacyTables(db, legacyPath, ["sources", "file_positions", "cursors"]);
}
