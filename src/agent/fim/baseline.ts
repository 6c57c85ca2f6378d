/**
 * The FIM baseline in SQLite: the last attributes recorded per path, and whether the first
 * (silent) scan completed. The agent keeps it in the spool's database (HOME/queue/spool.db) on
 * the spool's connection, so a change's new record commits in the same transaction as its
 * event. Writes are synchronous; outside a transaction each is its own.
 * Must not: decide what is a change (fim.ts does) or emit anything.
 */
import { importLegacyTables, migrate, openDatabase, type DatabaseSync } from "../../store/mod.ts";
import type { FimAttributes } from "./fim_event.ts";

export interface Baseline {
  get(path: string): FimAttributes | undefined;
  put(path: string, attributes: FimAttributes): void;
  delete(path: string): void;
  /** Every recorded path (for the deletion pass of a scan). */
  paths(): string[];
  /** Recorded paths under a directory (for a removed directory). */
  pathsUnder(dir: string): string[];
  readonly initialized: boolean;
  markInitialized(): void;
  close(): void;
}

const SCHEMA = [
  `CREATE TABLE fim_entries (path TEXT PRIMARY KEY, attributes TEXT NOT NULL);
   CREATE TABLE fim_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

/** Where earlier versions kept the baseline (relative to the Riposte home). */
export const LEGACY_BASELINE = "queue/fim/baseline.db";

/** Opens (creating) the baseline tables in the database at `path` or in an open connection (left open by close()). */
export function openBaseline(database: string | DatabaseSync): Baseline {
  const db = typeof database === "string" ? openDatabase(database) : database;
  migrate(db, "fim_baseline", SCHEMA);
  const get = db.prepare("SELECT attributes FROM fim_entries WHERE path = ?");
  const put = db.prepare("INSERT INTO fim_entries (path, attributes) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET attributes = excluded.attributes");
  const del = db.prepare("DELETE FROM fim_entries WHERE path = ?");
  const all = db.prepare("SELECT path FROM fim_entries");
  const under = db.prepare("SELECT path FROM fim_entries WHERE path > ? AND path < ?");
  const meta = db.prepare("SELECT value FROM fim_meta WHERE key = 'initialized'");
  // Read until true (an import after open may bring it), then kept.
  let initialized = false;
  return {
    get: (p) => {
      const row = get.get(p) as { attributes: string } | undefined;
      return row ? (JSON.parse(row.attributes) as FimAttributes) : undefined;
    },
    put: (p, a) => void put.run(p, JSON.stringify(a)),
    delete: (p) => void del.run(p),
    paths: () => (all.all() as { path: string }[]).map((r) => r.path),
    // "/" is followed by "0" in code point order: (dir + "/", dir + "0") holds exactly dir's subtree.
    pathsUnder: (dir) => (under.all(`${dir}/`, `${dir}0`) as { path: string }[]).map((r) => r.path),
    get initialized() {
      if (!initialized) initialized = meta.get() !== undefined;
      return initialized;
    },
    markInitialized: () => {
      db.exec("INSERT OR IGNORE INTO fim_meta (key, value) VALUES ('initialized', '1')");
      initialized = true;
    },
    close: () => {
      if (typeof database === "string") db.close();
    },
  };
}

/**
 * Copies an earlier version's baseline (HOME/queue/fim/baseline.db) once into `db`, whose
 * baseline tables must exist, and renames the old file `baseline.db.imported`: an upgraded
 * agent keeps comparing with what it recorded instead of starting a new silent baseline.
 */
export function importLegacyBaseline(db: DatabaseSync, legacyPath: string): number {
  return importLegacyTables(db, legacyPath, ["fim_entries", "fim_meta"]);
}
