/**
 * importLegacyCheckpoints: before source positions moved into the spool's database, they lived
 * in HOME/queue/logcollector/checkpoints.db. An upgraded agent copies them once into the shared
 * database (in one transaction) and renames the old file `checkpoints.db.imported`, so it
 * neither reads files again from the start nor skips what was written while it was down.
 * Must not: overwrite a position the shared database already holds; run before the checkpoint
 * tables exist (call openCheckpointStore on the connection first).
 */
import { existsSync, renameSync } from "node:fs";
import { transaction, type DatabaseSync } from "../../store/mod.ts";

/** Where earlier versions kept positions (relative to the Riposte home). */
export const LEGACY_CHECKPOINTS = "queue/logcollector/checkpoints.db";

/** Copies the positions of `legacyPath` into `db`; returns how many sources were imported (0 when there is no old file). */
export function importLegacyCheckpoints(db: DatabaseSync, legacyPath: string): number {
  if (!existsSync(legacyPath)) return 0;
  db.prepare("ATTACH DATABASE ? AS legacy").run(legacyPath);
  let imported = 0;
  try {
    imported = transaction(db, () => {
      const before = (db.prepare("SELECT COUNT(*) AS n FROM main.sources").get() as { n: number }).n;
      db.exec("INSERT OR IGNORE INTO main.sources (source, started_at) SELECT source, started_at FROM legacy.sources");
      db.exec(`INSERT OR IGNORE INTO main.file_positions (source, path, identity, fingerprint, fingerprint_bytes, offset)
               SELECT source, path, identity, fingerprint, fingerprint_bytes, offset FROM legacy.file_positions`);
      db.exec("INSERT OR IGNORE INTO main.cursors (source, cursor) SELECT source, cursor FROM legacy.cursors");
      return (db.prepare("SELECT COUNT(*) AS n FROM main.sources").get() as { n: number }).n - before;
    });
  } finally {
    db.exec("DETACH DATABASE legacy");
  }
  renameSync(legacyPath, `${legacyPath}.imported`);
  return imported;
}
