/**
 * The durable state of the execd (SQLite): active responses with their delete payload and
 * deadline, and repeated-offender counters with the time of the last offence. A row is
 * written before the script acts (Wazuh §3.3 step 7) and removed only after its delete ran,
 * so a crash at any point leads to the delete running (again) at the next start: deletes are
 * at-least-once, which idempotent deletes make safe.
 * Must not: spawn, schedule or read the clock (times are passed in).
 */
import { offencesBefore, type OriginKind } from "../../response/mod.ts";
import type { StatementSync } from "node:sqlite";
import { migrate, statementCache, type DatabaseSync } from "../../store/mod.ts";

export interface ActiveEntry {
  readonly key: string;
  readonly name: string;
  readonly executable: string;
  readonly program: string;
  readonly legacyArgs: boolean;
  /** The add message with command "delete" (same alert, extra_args and program). */
  readonly payload: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly expiresAt: number;
  readonly origin: OriginKind;
  readonly ruleId?: string;
  readonly alertId?: string;
  readonly target?: string;
  /** Offence number that chose the duration (1 = first offence). */
  readonly offence: number;
  /** True once its delete started (a crash then re-runs it). */
  readonly deleting: boolean;
}

const SCHEMA = [
  `CREATE TABLE execd_active (
     key TEXT PRIMARY KEY, name TEXT NOT NULL, executable TEXT NOT NULL, program TEXT NOT NULL,
     legacy INTEGER NOT NULL, payload TEXT NOT NULL, started_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
     expires_at INTEGER NOT NULL, origin TEXT NOT NULL, rule_id TEXT, alert_id TEXT, target TEXT,
     offence INTEGER NOT NULL, deleting INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX execd_active_expires ON execd_active (expires_at);
   CREATE TABLE execd_offenders (key TEXT PRIMARY KEY, count INTEGER NOT NULL, last_at INTEGER NOT NULL);`,
];

type Row = Record<string, string | number | null>;

function toEntry(r: Row): ActiveEntry {
  const opt = (v: string | number | null | undefined) => (v === null || v === undefined ? undefined : String(v));
  return {
    key: String(r.key), name: String(r.name), executable: String(r.executable), program: String(r.program),
    legacyArgs: r.legacy === 1, payload: String(r.payload), startedAt: Number(r.started_at), durationMs: Number(r.duration_ms),
    expiresAt: Number(r.expires_at), origin: String(r.origin) as OriginKind, offence: Number(r.offence), deleting: r.deleting === 1,
    ...(opt(r.rule_id) ? { ruleId: opt(r.rule_id) } : {}), ...(opt(r.alert_id) ? { alertId: opt(r.alert_id) } : {}),
    ...(opt(r.target) ? { target: opt(r.target) } : {}),
  };
}

export class TimeoutStore {
  readonly #sql: (sql: string) => StatementSync;

  constructor(db: DatabaseSync) {
    this.#sql = statementCache(db);
    migrate(db, "execd", SCHEMA);
  }


  get(key: string): ActiveEntry | undefined {
    const r = this.#sql("SELECT * FROM execd_active WHERE key = ?").get(key) as Row | undefined;
    return r ? toEntry(r) : undefined;
  }

  all(): ActiveEntry[] {
    return (this.#sql("SELECT * FROM execd_active ORDER BY expires_at, key").all() as Row[]).map(toEntry);
  }

  insert(e: Omit<ActiveEntry, "deleting">): void {
    this.#sql(`INSERT OR REPLACE INTO execd_active (key, name, executable, program, legacy, payload, started_at, duration_ms,
      expires_at, origin, rule_id, alert_id, target, offence, deleting) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)`).run(
      e.key, e.name, e.executable, e.program, e.legacyArgs ? 1 : 0, e.payload, e.startedAt, e.durationMs, e.expiresAt,
      e.origin, e.ruleId ?? null, e.alertId ?? null, e.target ?? null, e.offence,
    );
  }

  /** Wazuh §3.3 step 7 "found": restart the clock on the existing entry; the payload is kept. */
  extend(key: string, startedAt: number, durationMs: number): void {
    this.#sql("UPDATE execd_active SET started_at = ?, duration_ms = ?, expires_at = ? WHERE key = ?").run(startedAt, durationMs, startedAt + durationMs, key);
  }

  markDeleting(key: string): void {
    this.#sql("UPDATE execd_active SET deleting = 1 WHERE key = ?").run(key);
  }

  remove(key: string): void {
    this.#sql("DELETE FROM execd_active WHERE key = ?").run(key);
  }

  /** Forgets offenders whose last offence is older than `before` (they no longer count). */
  pruneOffenders(before: number): void {
    this.#sql("DELETE FROM execd_offenders WHERE last_at < ?").run(before);
  }

  /**
   * Counts one offence for `key` and returns how many came before it, forgetting offences
   * older than `decayMs` (Wazuh never forgets: §8.1 #15171).
   */
  offence(key: string, now: number, decayMs: number): number {
    const r = this.#sql("SELECT count, last_at FROM execd_offenders WHERE key = ?").get(key) as { count: number; last_at: number } | undefined;
    const before = offencesBefore(r ? { count: r.count, lastAt: r.last_at } : undefined, now, decayMs);
    this.#sql("INSERT OR REPLACE INTO execd_offenders (key, count, last_at) VALUES (?, ?, ?)").run(key, before + 1, now);
    return before;
  }
}
