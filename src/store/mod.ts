/** Public entry of store: SQLite helpers shared by every durable component. */
export { openDatabase, type OpenDatabaseOptions } from "./open_database.ts";
export { migrate, transaction } from "./migrate.ts";
export { statementCache } from "./statement_cache.ts";
export { importLegacyTables } from "./import_legacy_tables.ts";
export type { DatabaseSync } from "node:sqlite";
