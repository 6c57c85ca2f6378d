/**
 * Alert search for GET /alerts and the dashboard's charts, on the API's own read-only
 * connection to the manager's alerts table (HOME/queue/analysis.db; the table, its columns and
 * indexes — alerts_ts_cover (ts,level,srcip), (rule_id,ts), (level,ts), (agent_id,ts),
 * (srcip,ts) — are owned by manager/outputs/alert_store.ts; WAL lets readers run beside the
 * analysis writer).
 * Filters are bound parameters; the text search is a LIKE over the alert JSON of the newest
 * TEXT_SCAN_LIMIT alerts the other filters select (so one query cannot stall the manager); totals are counted up to COUNT_CAP (TEXT_COUNT_CAP with
 * a text search), and not at all when the page is the last one.
 * Must not: write.
 */
import type { StatementSync } from "node:sqlite";
import type { Alert } from "../core/mod.ts";
import { statementCache, type DatabaseSync } from "../store/mod.ts";
import { alertsWhere, type AlertFilter } from "../manager/mod.ts";

export interface AlertSearchQuery extends AlertFilter {
  /** Case-insensitive substring of the alert JSON (ASCII case folding). */
  readonly text?: string;
  readonly offset?: number;
  readonly limit?: number;
}

export interface AlertPage {
  readonly alerts: Alert[];
  readonly total: number;
  /** True when `total` stopped at the cap (COUNT_CAP, or TEXT_COUNT_CAP with text). */
  readonly capped: boolean;
}

export interface AlertSummary {
  readonly perMinute: { readonly minute: number; readonly level: number; readonly count: number }[];
  readonly topSources: { readonly srcip: string; readonly count: number }[];
}

export const COUNT_CAP = 100_000;
/** Counting text matches reads every candidate's JSON: stop sooner. */
export const TEXT_COUNT_CAP = 1_000;
/** A text search reads at most this many of the newest alerts matching the other filters (the API shares the manager's thread). */
export const TEXT_SCAN_LIMIT = 100_000;

const likeEscape = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class AlertSearch {
  readonly #sql: (sql: string) => StatementSync;

  constructor(db: DatabaseSync) {
    this.#sql = statementCache(db);
  }

  /**
   * The rows a query reads: the filtered alerts, and with a text search only the newest
   * TEXT_SCAN_LIMIT of them (their ids first), joined back for the LIKE over the JSON.
   */
  #source(q: AlertSearchQuery): { from: string; args: (string | number)[]; ts: string; id: string } {
    const where = alertsWhere(q);
    // With a start time and no equality filter, walk the covering time index (ordered, index-only)
    // rather than let the planner sort a whole level range.
    const byTime = q.from !== undefined && !q.ruleId && !q.agentId && !q.srcip;
    const filtered = `alerts ${byTime ? "INDEXED BY alerts_ts_cover " : ""}${where.sql}`;
    if (q.text === undefined || q.text === "") return { from: filtered, args: where.args, ts: "ts", id: "rowid" };
    return {
      from: `(SELECT rowid AS id, ts FROM ${filtered} ORDER BY ts DESC, rowid DESC LIMIT ${TEXT_SCAN_LIMIT}) AS c JOIN alerts AS a ON a.rowid = c.id WHERE a.json LIKE ? ESCAPE '\\'`,
      args: [...where.args, likeEscape(q.text)], ts: "c.ts", id: "c.id",
    };
  }

  search(q: AlertSearchQuery): AlertPage {
    const { from, args, ts, id } = this.#source(q);
    const limit = Math.min(Math.max(1, q.limit ?? 50), 1000);
    const offset = Math.max(0, q.offset ?? 0);
    // Page the (ts, rowid) pairs first (small sort, often index-only), then read those rows' JSON.
    const rows = this.#sql(`SELECT json FROM alerts WHERE rowid IN (SELECT ${id} FROM ${from} ORDER BY ${ts} DESC, ${id} DESC LIMIT ? OFFSET ?) ORDER BY ts DESC, rowid DESC`)
      .all(...args, limit, offset) as { json: string }[];
    const alerts = rows.map((r) => JSON.parse(r.json) as Alert);
    // A short page is the last one: its end is the total, no second scan.
    if (rows.length < limit && (rows.length > 0 || offset === 0)) return { alerts, total: offset + rows.length, capped: false };
    const cap = q.text ? TEXT_COUNT_CAP : COUNT_CAP;
    const counted = this.#sql(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} LIMIT ${cap + 1})`).get(...args) as { n: number };
    return { alerts, total: Math.min(counted.n, cap), capped: counted.n > cap };
  }

  /** Alerts per minute and level, and the top source addresses, since `from` (ms); both read the covering (ts, level, srcip) index only. */
  summary(from: number, top = 10): AlertSummary {
    const perMinute = this.#sql("SELECT ts / 60000 AS minute, level, COUNT(*) AS count FROM alerts WHERE ts >= ? GROUP BY minute, level ORDER BY minute")
      .all(from) as { minute: number; level: number; count: number }[];
    const topSources = this.#sql("SELECT srcip, COUNT(*) AS count FROM alerts INDEXED BY alerts_ts_cover WHERE ts >= ? AND srcip IS NOT NULL GROUP BY srcip ORDER BY count DESC LIMIT ?")
      .all(from, Math.min(Math.max(1, top), 100)) as { srcip: string; count: number }[];
    return {
      perMinute: perMinute.map((r) => ({ minute: Number(r.minute) * 60_000, level: Number(r.level), count: Number(r.count) })),
      topSources: topSources.map((r) => ({ srcip: String(r.srcip), count: Number(r.count) })),
    };
  }
}
