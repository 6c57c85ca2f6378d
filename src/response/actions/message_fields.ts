/**
 * Reading what a built-in needs from the script-protocol message: the IP target (through
 * the hostile-input gate, Wazuh's field order), the user, extra_args, and `key=value`
 * options in extra_args (set by the operator in `<command><extra_args>`). Pure, never throws.
 * Must not: act, log.
 */
import { checkAlertTargets, normalizeIp } from "../alert_targets.ts";
import { isObject, type ArMessage } from "../protocol.ts";
import { ActionError } from "./action_error.ts";

export interface IpTarget {
  readonly ip: string;
  readonly family: 4 | 6;
}

export function alertOf(message: ArMessage): Readonly<Record<string, unknown>> {
  const p: unknown = message.parameters;
  return isObject(p) && isObject(p.alert) ? p.alert : {};
}

export function extraArgs(message: ArMessage): string[] {
  const p: unknown = message.parameters;
  const args = isObject(p) && Array.isArray(p.extra_args) ? p.extra_args : [];
  return args.filter((a): a is string => typeof a === "string");
}

/** Loopback and unspecified addresses: blocking them cuts the host off itself (defence in depth behind the dispatch's self-guard). */
const NEVER = /^(127\.|0\.0\.0\.0$|::1?$)/;

/** The IP an IP action acts on: the first of ipAddress, destinationIp, srcip (Wazuh §3.4). */
export function ipTarget(message: ArMessage): IpTarget | ActionError {
  const check = checkAlertTargets(alertOf(message));
  if (!check.ok) return new ActionError("ACTION_BAD_TARGET", check.reason);
  const ip = check.targets.ips[0];
  if (ip === undefined) return new ActionError("ACTION_BAD_TARGET", "Cannot read 'srcip' from data or invalid IP format");
  if (NEVER.test(ip)) return new ActionError("ACTION_REFUSED", `refusing to act on loopback or unspecified address ${ip}`);
  return { ip, family: ip.includes(":") ? 6 : 4 };
}

/** A validated IP from text (operator input, positional argv), or undefined. */
export function parseIp(text: string): IpTarget | undefined {
  const ip = normalizeIp(text);
  return ip === undefined ? undefined : { ip, family: ip.includes(":") ? 6 : 4 };
}

/** `key=value` tokens of extra_args; other tokens are left to the action. */
export function extraOptions(message: ArMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of extraArgs(message)) {
    const eq = a.indexOf("=");
    if (eq > 0 && /^[a-z][a-z0-9-]*$/.test(a.slice(0, eq))) out.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return out;
}

/** An integer option within [min, max], the fallback when absent, or an error. */
export function intOption(options: Map<string, string>, key: string, fallback: number, min: number, max: number): number | ActionError {
  const v = options.get(key);
  if (v === undefined) return fallback;
  if (!/^\d{1,10}$/.test(v) || Number(v) < min || Number(v) > max) {
    return new ActionError("ACTION_BAD_OPTION", `extra_args ${key}=${v.slice(0, 40)}: expected an integer from ${min} to ${max}`);
  }
  return Number(v);
}

/** The network address of `ip` (IPv6) under a prefix of `bits`, as `addr/bits`. */
export function ipv6Network(ip: string, bits: number): string {
  const groups = expandIpv6(ip);
  const out: number[] = [];
  for (let i = 0; i < 8; i++) {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    const mask = keep === 0 ? 0 : (0xffff << (16 - keep)) & 0xffff;
    out.push((groups[i] ?? 0) & mask);
  }
  const text = out.map((g) => g.toString(16)).join(":");
  return `${normalizeIp(text) ?? text}/${bits}`;
}

function expandIpv6(ip: string): number[] {
  let text = ip;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill("0");
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16));
}
