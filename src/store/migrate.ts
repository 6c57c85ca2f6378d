/**
 * Schema migrations: each store owner names its schema and lists its steps in order; the
 * steps not yet applied run in one transaction each. Step N is never edited once shipped:
 * add step N+1 instead.
 */
import type { DatabaseSync } from "node:sqlite";

export function migrate(db: DatabaseSync, schema: string, steps: readonly string[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (schema TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  const row = db.prepare("SELECT version FROM schema_version WHERE schema = ?").get(schema) as { version: number } | undefined;
  let version = row?.version ?? 0;
  for (; version < steps.length; version++) {
    transaction(db, () => {
      db.exec(steps[version] ?? "");
      db.prepare("INSERT INTO schema_version (schema, version) VALUES (?, ?) ON CONFLICT(schema) DO UPDATE SET version = excluded.version").run(schema, version + 1);
    });
  }
}

/** Runs `fn` in a transaction (BEGIN IMMEDIATE), committing on return, rolling back on throw. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const out = fn();
    db.exec("COMMIT");
    return out;
  } catch (error: unknown) {
    db.exec("ROLLBACK");
    throw error;
  }
}
