/**
 * Prepared statements, prepared once per SQL text: on the response path preparing costs
 * more than running these small statements. The cache lives as long as its database.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Returns `sql => statement`, preparing each distinct SQL text once. */
export function statementCache(db: DatabaseSync): (sql: string) => StatementSync {
  const statements = new Map<string, StatementSync>();
  return (sql) => {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
}
