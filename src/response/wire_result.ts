/**
 * How execution results and operator lifts travel over the agent⇄manager channel, whose
 * `ar_result` message carries an outcome from a fixed set and a bounded `detail` string:
 * the full ExecutionResult rides in `detail` as JSON (≤ 4096 characters), the outcome is
 * mapped onto the channel's set. A lift is an AR message with the reserved name `!:lift`,
 * which can be neither an ar.conf name nor a custom `!file` (`:` is not allowed in one),
 * so a Wazuh agent refuses it harmlessly. The manager's generated ar.conf reaches agents the
 * same way (`!:arconf`), over the authenticated channel, at each connection.
 * Must not: import the transport (it speaks plain strings and objects).
 */
import type { ExecutionResult } from "./execution_result.ts";
import { isObject } from "./protocol.ts";

/** The channel's outcome vocabulary (transport ArOutcome). */
export type WireOutcome = "received" | "done" | "failed" | "expired" | "refused";

export const MAX_DETAIL_CHARS = 4096;
export const LIFT_COMMAND = "!:lift";
/** Reserved name of the message that carries the manager's ar.conf to an agent. */
export const ARCONF_COMMAND = "!:arconf";
/** Largest ar.conf accepted over the wire (thousands of entries; the channel frame is 1 MiB). */
export const MAX_ARCONF_BYTES = 512_000;

const OUTCOMES = new Set(["done", "aborted", "failed", "killed", "refused"]);

export function wireOutcome(r: ExecutionResult): WireOutcome {
  if (r.outcome === "refused") return "refused";
  return r.outcome === "done" || r.outcome === "aborted" ? "done" : "failed";
}

/** `{outcome, detail}` for an ar_result; long free text is cut so the detail fits. */
export function encodeResult(r: ExecutionResult): { outcome: WireOutcome; detail: string } {
  let detail = JSON.stringify(r);
  if (detail.length > MAX_DETAIL_CHARS) {
    const slim: ExecutionResult = { ...r, ...(r.reason ? { reason: r.reason.slice(0, 200) } : {}), ...(r.key ? { key: r.key.slice(0, 1024) } : {}), ...(r.target ? { target: r.target.slice(0, 256) } : {}) };
    detail = JSON.stringify(slim).slice(0, MAX_DETAIL_CHARS);
  }
  return { outcome: wireOutcome(r), detail };
}

const str = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max;
const optStr = (v: unknown, max: number) => v === undefined || str(v, max);
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * The ExecutionResult in an ar_result's detail, validated field by field (an agent is not
 * trusted blindly); undefined when the detail is not one.
 */
export function decodeResult(detail: string | undefined): ExecutionResult | undefined {
  if (detail === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(detail);
  } catch {
    return undefined;
  }
  if (!isObject(v)) return undefined;
  const ok = (v.command === "add" || v.command === "delete") && str(v.name, 512) && typeof v.outcome === "string" && OUTCOMES.has(v.outcome)
    && (v.exitCode === null || num(v.exitCode)) && num(v.durationMs) && num(v.at) && num(v.timeoutSec)
    && (v.origin === "rule" || v.origin === "api" || v.origin === "manual")
    && optStr(v.commandId, 128) && optStr(v.executable, 255) && optStr(v.key, 4096) && optStr(v.code, 64) && optStr(v.reason, 4096)
    && optStr(v.ruleId, 32) && optStr(v.alertId, 64) && optStr(v.target, 256) && (v.expiresAt === undefined || num(v.expiresAt))
    && (v.trigger === undefined || ["timeout", "lift", "stop", "reconcile"].includes(String(v.trigger)));
  return ok ? (v as unknown as ExecutionResult) : undefined;
}

/** The AR payload asking an agent's execd to lift `key` now. */
export function buildLiftMessage(key: string, originName: string | null): Record<string, unknown> {
  return { version: 1, origin: { name: originName, module: "riposte-control" }, command: LIFT_COMMAND, parameters: { extra_args: [], alert: {}, keys: [key] } };
}

/** The key of a lift payload, or undefined when `payload` is not a lift. */
export function liftKey(payload: unknown): string | undefined {
  if (!isObject(payload) || payload.command !== LIFT_COMMAND || !isObject(payload.parameters)) return undefined;
  const keys = payload.parameters.keys;
  return Array.isArray(keys) && keys.length === 1 && str(keys[0], 4096) ? keys[0] : undefined;
}

/** The AR payload carrying the manager's ar.conf text. */
export function buildArConfMessage(text: string, originName: string | null): Record<string, unknown> {
  return { version: 1, origin: { name: originName, module: "riposte-manager" }, command: ARCONF_COMMAND, parameters: { extra_args: [], alert: {}, arconf: text } };
}

/** The ar.conf text of an `!:arconf` payload, or undefined when `payload` is not one. */
export function arConfText(payload: unknown): string | undefined {
  if (!isObject(payload) || payload.command !== ARCONF_COMMAND || !isObject(payload.parameters)) return undefined;
  const text = payload.parameters.arconf;
  return typeof text === "string" && Buffer.byteLength(text) <= MAX_ARCONF_BYTES ? text : undefined;
}
