/**
 * The API's JSON shapes of the manager's records (snake_case, nulls for absent fields), shared
 * by the routes and the live feed so a dashboard reads the same object from both.
 * Must not: query anything.
 */
import type { ActiveRecord, StoredDecision } from "../manager/dispatch/mod.ts";
import type { ExecutionResult } from "../response/mod.ts";

export function decisionItem(d: StoredDecision, outcome: string | null = null) {
  return {
    id: d.id, at: d.at, decision: d.decision, name: d.name, agent_id: d.agentId ?? null, rule_id: d.ruleId ?? null, alert_id: d.alertId ?? null,
    srcip: d.srcip ?? null, code: d.code ?? null, reason: d.reason ?? null, dry_run: d.dryRun, origin: d.origin, outcome,
  };
}

export function activeItem(a: ActiveRecord, now: number) {
  return {
    agent_id: a.agentId, key: a.key, name: a.name, target: a.target ?? null, origin: a.origin, rule_id: a.ruleId ?? null, alert_id: a.alertId ?? null,
    started_at: a.startedAt, expires_at: a.expiresAt, time_left_ms: Math.max(0, a.expiresAt - now),
  };
}

export function resultItem(agentId: string, r: ExecutionResult) {
  return {
    agent_id: agentId, command: r.command, name: r.name, key: r.key ?? null, outcome: r.outcome, exit_code: r.exitCode, duration_ms: r.durationMs,
    code: r.code ?? null, reason: r.reason ?? null, origin: r.origin, rule_id: r.ruleId ?? null, alert_id: r.alertId ?? null, target: r.target ?? null,
    at: r.at, timeout_sec: r.timeoutSec, expires_at: r.expiresAt ?? null, trigger: r.trigger ?? null, command_id: r.commandId ?? null,
  };
}
