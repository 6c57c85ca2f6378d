/**
 * How a message's origin and targets are read for an execution (ExecutionResult itself is
 * shared with the manager, in src/response).
 * Must not: do I/O.
 */
import { checkAlertTargets, isObject, type ArMessage, type OriginKind } from "../../response/mod.ts";

export type { ExecutionResult } from "../../response/mod.ts";

export function originKind(m: ArMessage): OriginKind {
  const module = isObject(m.origin) ? m.origin.module : undefined;
  if (module === "wazuh-analysisd" || module === "riposte-analysisd") return "rule";
  if (module === "API") return "api";
  return "manual";
}

export interface MessageFacts {
  readonly ruleId?: string;
  readonly alertId?: string;
  readonly ips: readonly string[];
  readonly dstuser?: string;
  readonly target?: string;
}

/** Reads rule id, alert id and validated targets; undefined fields when absent or malformed. */
export function messageFacts(m: ArMessage): { ok: true; facts: MessageFacts } | { ok: false; code: string; reason: string } {
  const alert = isObject(m.parameters) && isObject(m.parameters.alert) ? m.parameters.alert : {};
  const checked = checkAlertTargets(alert);
  if (!checked.ok) return { ok: false, code: checked.code, reason: checked.reason };
  const rule = isObject(alert.rule) ? alert.rule : {};
  const ruleId = typeof rule.id === "string" || typeof rule.id === "number" ? String(rule.id).slice(0, 32) : undefined;
  const alertId = typeof alert.id === "string" ? alert.id.slice(0, 64) : undefined;
  const target = checked.targets.ips[0] ?? checked.targets.dstuser;
  return {
    ok: true,
    facts: {
      ips: checked.targets.ips,
      ...(ruleId ? { ruleId } : {}), ...(alertId ? { alertId } : {}),
      ...(checked.targets.dstuser ? { dstuser: checked.targets.dstuser } : {}),
      ...(target ? { target } : {}),
    },
  };
}
