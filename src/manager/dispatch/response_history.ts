/**
 * The manager's record of active response (SQLite): every decision (queued, delivered,
 * dry-run, whitelisted, refused, expired…), every execution result an agent reports, and the
 * current active responses per agent (from add/delete results), for `--active`, the API and
 * the dashboard.
 * Must not: decide anything or read the clock (times are passed in).
 */
import type { ExecutionResult } from "../../response/mod.ts";
import type { StatementSync } from "node:sqlite";
import { migrate, statementCache, type DatabaseSync } from "../../store/mod.ts";

export type DecisionKind =
  | "queued" | "delivered" | "dry_run" | "whitelisted" | "self_protected" | "invalid" | "expired" | "unknown_agent" | "no_target" | "refused";

export interface DecisionRecord {
  readonly at: number;
  readonly decision: DecisionKind;
  readonly name: string;
  readonly agentId?: string;
  readonly ruleId?: string;
  readonly alertId?: string;
  readonly srcip?: string;
  readonly commandId?: string;
  readonly code?: string;
  readonly reason?: string;
  readonly dryRun: boolean;
  readonly origin: ExecutionResult["origin"];
}

export interface StoredDecision extends DecisionRecord {
  readonly id: number;
}

export interface ActiveRecord {
  readonly agentId: string;
  readonly key: string;
  readonly name: string;
  readonly target?: string;
  readonly origin: ExecutionResult["origin"];
  readonly ruleId?: string;
  readonly alertId?: string;
  readonly startedAt: number;
  readonly expiresAt: number;
}

const SCHEMA = [
  `CREATE TABLE ar_decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, decision TEXT NOT NULL, name TEXT NOT NULL,
     agent_id TEXT, rule_id TEXT, alert_id TEXT, srcip TEXT, command_id TEXT, code TEXT, reason TEXT, dry_run INTEGER NOT NULL, origin TEXT NOT NULL);
   CREATE INDEX ar_decisions_at ON ar_decisions (at);
   CREATE INDEX ar_decisions_command ON ar_decisions (command_id);
   CREATE TABLE ar_results (id INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL, command_id TEXT, at INTEGER NOT NULL,
     command TEXT NOT NULL, name TEXT NOT NULL, key TEXT, outcome TEXT NOT NULL, exit_code INTEGER, duration_ms INTEGER NOT NULL,
     code TEXT, reason TEXT, trigger TEXT, target TEXT, rule_id TEXT, alert_id TEXT, origin TEXT NOT NULL, timeout_sec INTEGER NOT NULL);
   CREATE INDEX ar_results_agent ON ar_results (agent_id, at);
   CREATE TABLE ar_active (agent_id TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, target TEXT, origin TEXT NOT NULL,
     rule_id TEXT, alert_id TEXT, started_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (agent_id, key));`,
];

type Cell = string | number | null;
const opt = (v: Cell | undefined): string | undefined => (v === null || v === undefined ? undefined : String(v));

export class ResponseHistory {
  readonly #sql: (sql: string) => StatementSync;

  constructor(db: DatabaseSync) {
    this.#sql = statementCache(db);
    migrate(db, "dispatch_history", SCHEMA);
  }


  decide(d: DecisionRecord): number {
    const r = this.#sql(`INSERT INTO ar_decisions (at, decision, name, agent_id, rule_id, alert_id, srcip, command_id, code, reason, dry_run, origin)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`).run(d.at, d.decision, d.name, d.agentId ?? null, d.ruleId ?? null, d.alertId ?? null,
      d.srcip ?? null, d.commandId ?? null, d.code ?? null, d.reason ?? null, d.dryRun ? 1 : 0, d.origin);
    return Number(r.lastInsertRowid);
  }

  /** Changes a queued decision once its command is delivered or expired. */
  settle(commandId: string, decision: DecisionKind, code?: string, reason?: string): void {
    this.#sql("UPDATE ar_decisions SET decision = ?, code = COALESCE(?, code), reason = COALESCE(?, reason) WHERE command_id = ?")
      .run(decision, code ?? null, reason ?? null, commandId);
  }

  decisions(options: { readonly agentId?: string; readonly limit?: number } = {}): StoredDecision[] {
    const rows = this.#sql(`SELECT * FROM ar_decisions WHERE (? IS NULL OR agent_id = ?) ORDER BY id DESC LIMIT ?`)
      .all(options.agentId ?? null, options.agentId ?? null, options.limit ?? 100) as Record<string, Cell>[];
    return rows.map((r) => ({
      id: Number(r.id), at: Number(r.at), decision: String(r.decision) as DecisionKind, name: String(r.name), dryRun: r.dry_run === 1,
      origin: String(r.origin) as ExecutionResult["origin"],
      ...pick({ agentId: opt(r.agent_id), ruleId: opt(r.rule_id), alertId: opt(r.alert_id), srcip: opt(r.srcip), commandId: opt(r.command_id), code: opt(r.code), reason: opt(r.reason) }),
    }));
  }

  /** Records a result and updates the agent's active list. */
  result(agentId: string, r: ExecutionResult): void {
    this.#sql(`INSERT INTO ar_results (agent_id, command_id, at, command, name, key, outcome, exit_code, duration_ms, code, reason, trigger, target, rule_id, alert_id, origin, timeout_sec)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`).run(agentId, r.commandId ?? null, r.at, r.command, r.name, r.key ?? null, r.outcome,
      r.exitCode, r.durationMs, r.code ?? null, r.reason ?? null, r.trigger ?? null, r.target ?? null, r.ruleId ?? null, r.alertId ?? null,
      r.origin, r.timeoutSec);
    if (!r.key) return;
    if (r.command === "delete") {
      this.#sql("DELETE FROM ar_active WHERE agent_id = ? AND key = ?").run(agentId, r.key);
    } else if (r.expiresAt !== undefined) {
      this.#sql(`INSERT INTO ar_active (agent_id, key, name, target, origin, rule_id, alert_id, started_at, expires_at) VALUES (?,?,?,?,?,?,?,?,?)
        ON CONFLICT(agent_id, key) DO UPDATE SET expires_at = excluded.expires_at`).run(agentId, r.key, r.name, r.target ?? null, r.origin,
        r.ruleId ?? null, r.alertId ?? null, r.at, r.expiresAt);
    }
  }

  results(agentId: string, limit = 100): ExecutionResult[] {
    const rows = this.#sql("SELECT * FROM ar_results WHERE agent_id = ? ORDER BY id DESC LIMIT ?").all(agentId, limit) as Record<string, Cell>[];
    return rows.map((r) => ({
      command: String(r.command) as ExecutionResult["command"], name: String(r.name), outcome: String(r.outcome) as ExecutionResult["outcome"],
      exitCode: r.exit_code === null ? null : Number(r.exit_code), durationMs: Number(r.duration_ms), at: Number(r.at),
      origin: String(r.origin) as ExecutionResult["origin"], timeoutSec: Number(r.timeout_sec),
      ...pick({ commandId: opt(r.command_id), key: opt(r.key), code: opt(r.code), reason: opt(r.reason), target: opt(r.target), ruleId: opt(r.rule_id), alertId: opt(r.alert_id) }),
      ...(r.trigger ? { trigger: String(r.trigger) as NonNullable<ExecutionResult["trigger"]> } : {}),
    }));
  }

  /** Drops decisions and results recorded before `before`, and active rows long expired. */
  prune(before: number): void {
    this.#sql("DELETE FROM ar_decisions WHERE at < ? AND decision != 'queued'").run(before);
    this.#sql("DELETE FROM ar_results WHERE at < ?").run(before);
    this.#sql("DELETE FROM ar_active WHERE expires_at < ?").run(before);
  }

  /** Current active responses (not yet past their expiry at `now`), for one agent or all. */
  active(now: number, agentId?: string): ActiveRecord[] {
    const rows = this.#sql("SELECT * FROM ar_active WHERE expires_at > ? AND (? IS NULL OR agent_id = ?) ORDER BY expires_at")
      .all(now, agentId ?? null, agentId ?? null) as Record<string, Cell>[];
    return rows.map((r) => ({
      agentId: String(r.agent_id), key: String(r.key), name: String(r.name), origin: String(r.origin) as ActiveRecord["origin"],
      startedAt: Number(r.started_at), expiresAt: Number(r.expires_at),
      ...pick({ target: opt(r.target), ruleId: opt(r.rule_id), alertId: opt(r.alert_id) }),
    }));
  }
}

/** Drops undefined fields (exactOptionalPropertyTypes-friendly objects). */
function pick<T extends Record<string, string | undefined>>(o: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k as keyof T] = v;
  return out;
}
