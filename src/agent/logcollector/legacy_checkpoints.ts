/**
 * importLegacyCheckpoints: before source positions moved into the spool's database, they lived
 * in HOME/queue/logcollector/checkpoints.db. An upgraded agent copies them once into the shared
 * database and renames the old file `checkpoints.db.imported`, so it neither reads files again
 * from the start nor skips what was written while it was down.
 * Must not: overwrite a position the shared database already holds; run before the checkpoint
 * tables exist (call openCheckpointStore on the connection first).
 */
import { importLegacyTables, type DatabaseSync } from "../../store/mod.ts";

/** Where earlier versions kept positions (relative to the Riposte home). */
export const LEGACY_CHECKPOINTS = "queue/logcollector/checkpoints.db";

/** Copies the positions of `legacyPath` into `db`; returns the rows copied (0 when there is no old file). */
export function importLegacyCheckpoints(db: DatabaseSync, legacyPath: string): number {
  return importLegacyTables(db, legacyPath, ["sources", "file_positions", "cursors"]);
}
