/**
 * What every execd execution reports (to the manager, the log and tests), and how a
 * message's origin and targets are read for it.
 * Must not: do I/O.
 */
import { checkAlertTargets, isObject, type ArMessage, type Outcome } from "../../response/mod.ts";
import type { OriginKind } from "./timeout_store.ts";

export interface ExecutionResult {
  /** The manager's command id when given to execute(), so results correlate. */
  readonly commandId?: string;
  readonly command: "add" | "delete";
  /** The response name received (`firewall-drop600`, `!custom.sh`). */
  readonly name: string;
  readonly executable?: string;
  /** The dedup key, when the run had one. */
  readonly key?: string;
  /** `refused`: nothing ran (security control, hostile input, disabled, stopping). */
  readonly outcome: Outcome | "refused";
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly code?: string;
  readonly reason?: string;
  readonly origin: OriginKind;
  readonly ruleId?: string;
  readonly alertId?: string;
  /** The IP or user acted on, when the alert names one. */
  readonly target?: string;
  /** When the run started (ms since epoch). */
  readonly at: number;
  /** Seconds the response stays active (after repeated-offender escalation), 0 when stateless. */
  readonly timeoutSec: number;
  /** For a stateful add that holds (continued or extended an entry): when its delete is due. */
  readonly expiresAt?: number;
  /** For deletes: why it ran. */
  readonly trigger?: "timeout" | "lift" | "stop" | "reconcile";
}

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
