/** Public entry of store: SQLite helpers shared by every durable component. */
export { openDatabase, type OpenDatabaseOptions } from "./open_database.ts";
export { migrate, transaction } from "./migrate.ts";
export { statementCache } from "./statement_cache.ts";
export type { DatabaseSync } from "node:sqlite";
