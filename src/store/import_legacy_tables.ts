/**
 * importLegacyTables: when a store moves into another database file, copies the rows of its
 * tables from the old file into the same tables of `db`, in one transaction, then renames the
 * old file `<name>.imported` so it is imported once. Rows `db` already holds win (INSERT OR
 * IGNORE on the primary key). Columns are matched by name, so the old file may lack columns a
 * later migration added (they take their defaults).
 * Must not: create or migrate tables (the owner migrates `db` first); touch the old file when
 * the copy fails (it throws, and the file stays where it is).
 */
import { existsSync, renameSync } from "node:fs";
import type { DatabaseSync } from "node:sqlite";
import { transaction } from "./migrate.ts";

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Copies `tables` of the database at `legacyPath` into `db`; returns the rows copied (0 when there is no old file). */
export function importLegacyTables(db: DatabaseSync, legacyPath: string, tables: readonly string[]): number {
  if (!existsSync(legacyPath)) return 0;
  db.prepare("ATTACH DATABASE ? AS legacy").run(legacyPath);
  let rows = 0;
  try {
    rows = transaction(db, () => tables.reduce((n, table) => n + copyTable(db, table), 0));
  } finally {
    db.exec("DETACH DATABASE legacy");
  }
  renameSync(legacyPath, `${legacyPath}.imported`);
  return rows;
}

function copyTable(db: DatabaseSync, table: string): number {
  const columnsOf = (schema: string) =>
    (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema) as { name: string }[]).map((c) => c.name);
  const old = new Set(columnsOf("legacy"));
  if (old.size === 0) throw new Error(`The old database has no table ${table}`);
  const shared = columnsOf("main").filter((c) => old.has(c)).map(quote).join(", ");
  return Number(db.prepare(`INSERT OR IGNORE INTO main.${quote(table)} (${shared}) SELECT ${shared} FROM legacy.${quote(table)}`).run().changes);
}
