/**
 * The alerts store (table `alerts` in HOME/queue/analysis.db): every alert, indexed by time,
 * rule, level, agent and source IP, for the API and dashboard. Inserts happen inside the
 * analysis transaction (together with the intake journal removal); reads may come from any
 * connection (WAL).
 * Must not: decide what an alert is (analysis) or serve HTTP (api).
 */
import { migrate, type DatabaseSync } from "../../store/mod.ts";
import type { Alert } from "../../core/mod.ts";

export const ALERT_MIGRATIONS = [
  `CREATE TABLE alerts (rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, ts INTEGER NOT NULL,
     rule_id TEXT NOT NULL, level INTEGER NOT NULL, agent_id TEXT NOT NULL, srcip TEXT, json TEXT NOT NULL);
   CREATE INDEX alerts_ts ON alerts(ts);
   CREATE INDEX alerts_rule ON alerts(rule_id, ts);
   CREATE INDEX alerts_level ON alerts(level, ts);
   CREATE INDEX alerts_agent ON alerts(agent_id, ts);
   CREATE INDEX alerts_srcip ON alerts(srcip, ts);
   CREATE TABLE output_marks (name TEXT PRIMARY KEY, last_rowid INTEGER NOT NULL);`,
  // The API's charts and time-range searches read level and srcip per alert over a time range:
  // a covering (ts, level, srcip) index replaces the plain ts one (same insert cost).
  `CREATE INDEX alerts_ts_cover ON alerts(ts, level, srcip);
   DROP INDEX alerts_ts;`,
];

/** The indexed filters of the alerts table, shared by every reader of it (store, API). */
export interface AlertFilter {
  /** ms since epoch, inclusive. */
  readonly from?: number;
  readonly to?: number;
  readonly ruleId?: string;
  readonly minLevel?: number;
  readonly maxLevel?: number;
  readonly agentId?: string;
  readonly srcip?: string;
}

/** The `WHERE` clause (empty when no filter is set) and its arguments for `f`. */
export function alertsWhere(f: AlertFilter): { sql: string; args: (string | number)[] } {
  const parts: string[] = [];
  const args: (string | number)[] = [];
  const add = (sql: string, v: string | number | undefined) => {
    if (v === undefined) return;
    parts.push(sql);
    args.push(v);
  };
  add("ts >= ?", f.from);
  add("ts <= ?", f.to);
  add("rule_id = ?", f.ruleId);
  add("level >= ?", f.minLevel);
  add("level <= ?", f.maxLevel);
  add("agent_id = ?", f.agentId);
  add("srcip = ?", f.srcip);
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", args };
}

export interface AlertQuery extends AlertFilter {
  /** @default 100, at most 10000 */
  readonly limit?: number;
  readonly offset?: number;
}

export interface StoredAlert {
  readonly rowid: number;
  readonly alert: Alert;
}

/** The srcip of an alert's decoded data, if it is a string. */
function srcipOf(alert: Alert): string | null {
  const v = alert.data?.["srcip"];
  return typeof v === "string" ? v : null;
}

export class AlertStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    migrate(db, "alerts", ALERT_MIGRATIONS);
  }

  /** Inserts alerts (call inside the analysis transaction); returns the last rowid. */
  insert(alerts: readonly Alert[]): number {
    const stmt = this.#db.prepare("INSERT INTO alerts (id, ts, rule_id, level, agent_id, srcip, json) VALUES (?, ?, ?, ?, ?, ?, ?)");
    let last = 0;
    for (const a of alerts) {
      const ts = Date.parse(a.timestamp);
      last = Number(stmt.run(a.id, Number.isFinite(ts) ? ts : 0, a.rule.id, a.rule.level, a.agent.id, srcipOf(a), JSON.stringify(a)).lastInsertRowid);
    }
    return last;
  }

  query(q: AlertQuery = {}): StoredAlert[] {
    const where = alertsWhere(q);
    const limit = Math.min(Math.max(1, q.limit ?? 100), 10_000);
    const sql = `SELECT rowid, json FROM alerts ${where.sql} ORDER BY ts DESC, rowid DESC LIMIT ? OFFSET ?`;
    const rows = this.#db.prepare(sql).all(...where.args, limit, Math.max(0, q.offset ?? 0)) as { rowid: number; json: string }[];
    return rows.map((r) => ({ rowid: r.rowid, alert: JSON.parse(r.json) as Alert }));
  }

  count(): number {
    return (this.#db.prepare("SELECT COUNT(*) AS n FROM alerts").get() as { n: number }).n;
  }

  /** Alerts stored after `rowid`, oldest first (output recovery). */
  after(rowid: number, limit = 10_000): StoredAlert[] {
    const rows = this.#db.prepare("SELECT rowid, json FROM alerts WHERE rowid > ? ORDER BY rowid LIMIT ?").all(rowid, limit) as { rowid: number; json: string }[];
    return rows.map((r) => ({ rowid: r.rowid, alert: JSON.parse(r.json) as Alert }));
  }

  outputMark(): number {
    return (this.#db.prepare("SELECT last_rowid FROM output_marks WHERE name = 'outputs'").get() as { last_rowid: number } | undefined)?.last_rowid ?? 0;
  }

  setOutputMark(rowid: number): void {
    this.#db.prepare("INSERT INTO output_marks (name, last_rowid) VALUES ('outputs', ?) ON CONFLICT(name) DO UPDATE SET last_rowid = excluded.last_rowid").run(rowid);
  }
}
