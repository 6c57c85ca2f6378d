/**
 * The hostile-input gate on an alert before any response uses it (DESIGN §8, wazuh-ar.md
 * §1.5): every IP field a response script reads (data.srcip, data.win.eventdata.ipAddress
 * and .destinationIp) must be a real IP address, and data.dstuser must match Wazuh's strict
 * username pattern. Returns the validated targets or the reason for refusal.
 * Must not: log, throw, or look at anything but the alert's data.
 */
import { isIP } from "node:net";
import { isObject } from "./protocol.ts";

/** Wazuh's pattern for dstuser (analysisd 1272), with a length cap (disable-account: 256). */
const USER_PATTERN = /^[a-zA-Z._0-9@?-]{1,256}$/;
/** Longest IP text accepted (an IPv6 with an embedded IPv4 is 45). */
const MAX_IP_CHARS = 45;

export interface AlertTargets {
  /** Every IP the alert names, in script order (ipAddress, destinationIp, srcip), IPv4-mapped IPv6 unmapped. */
  readonly ips: readonly string[];
  /** data.srcip normalised, when present. */
  readonly srcip?: string;
  readonly dstuser?: string;
}

export type TargetCheck =
  | { readonly ok: true; readonly targets: AlertTargets }
  | { readonly ok: false; readonly code: "AR_INVALID_IP" | "AR_INVALID_USER"; readonly reason: string; readonly field: string };

/** A normalised IP (`::ffff:a.b.c.d` → `a.b.c.d`), or undefined when `text` is not one. */
export function normalizeIp(text: string): string | undefined {
  if (text.length === 0 || text.length > MAX_IP_CHARS || text.includes("%")) return undefined;
  const family = isIP(text);
  if (family === 0) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped?.[1]) return mapped[1];
  return family === 6 ? canonicalIpv6(text) : text;
}

/** RFC 5952 form (lower case, longest zero run compressed), via the WHATWG URL parser. */
function canonicalIpv6(text: string): string {
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return text.toLowerCase(); // isIP accepted it, so this is unreachable in practice
  }
}

/** Reads a nested field, or the same path written as one dotted key (both shapes occur). */
function field(data: Record<string, unknown>, path: readonly string[]): unknown {
  const flat = data[path.join(".")];
  if (flat !== undefined) return flat;
  let cur: unknown = data;
  for (const p of path) cur = isObject(cur) ? cur[p] : undefined;
  return cur;
}

const IP_FIELDS: readonly (readonly string[])[] = [
  ["win", "eventdata", "ipAddress"],
  ["win", "eventdata", "destinationIp"],
  ["srcip"],
];

/** Checks an alert's response targets; never throws. A Windows "-" IP counts as absent. */
export function checkAlertTargets(alert: Readonly<Record<string, unknown>>): TargetCheck {
  const data = isObject(alert.data) ? alert.data : {};
  const ips: string[] = [];
  let srcip: string | undefined;
  for (const path of IP_FIELDS) {
    const raw = field(data, path);
    if (raw === undefined || raw === null || raw === "" || raw === "-") continue;
    const ip = typeof raw === "string" ? normalizeIp(raw) : undefined;
    const name = path.join(".");
    if (ip === undefined) return { ok: false, code: "AR_INVALID_IP", field: name, reason: `data.${name} is not a valid IP address` };
    if (!ips.includes(ip)) ips.push(ip);
    if (name === "srcip") srcip = ip;
  }
  const user = data.dstuser;
  let dstuser: string | undefined;
  if (user !== undefined && user !== null && user !== "") {
    if (typeof user !== "string" || !USER_PATTERN.test(user)) {
      return { ok: false, code: "AR_INVALID_USER", field: "dstuser", reason: "data.dstuser does not match ^[a-zA-Z._0-9@?-]{1,256}$" };
    }
    dstuser = user;
  }
  return { ok: true, targets: { ips, ...(srcip ? { srcip } : {}), ...(dstuser ? { dstuser } : {}) } };
}

/** A copy of `alert` without data.dstuser (used when only the username is hostile). */
export function withoutDstuser(alert: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const data = isObject(alert.data) ? { ...alert.data } : {};
  delete data.dstuser;
  return { ...alert, data };
}
