/**
 * The global `<white_list>` with real address matching (node:net BlockList) for IPv4 and
 * IPv6: single addresses, CIDRs (`10.0.0.0/8`, `2001:db8::/32`) and the IPv4 netmask form
 * (`10.0.0.0/255.0.0.0`). IPv4-mapped IPv6 addresses match their IPv4 entries. A `!` entry is
 * an exception carved out of the list (Wazuh's is broken, wazuh-ar.md §8.2(e)).
 * Wazuh's hostname patterns cannot match: srcip must be an IP before anything is sent, so
 * they are reported as warnings and ignored.
 * Must not: resolve names (no DNS), log, or throw on bad entries.
 */
import { BlockList, isIP } from "node:net";
import type { Diagnostic, SourceLocation } from "../core/mod.ts";
import { normalizeIp } from "./alert_targets.ts";

/** One entry as written (config's WhiteListEntry is assignable). */
export interface WhitelistEntry {
  readonly text: string;
  readonly at?: SourceLocation;
}

export interface Whitelist {
  /** True when `ip` (any textual form) is whitelisted. Invalid text is never whitelisted. */
  has(ip: string): boolean;
  /** The accepted entries, normalised (for display). */
  readonly entries: readonly string[];
}

type Net = { readonly address: string; readonly prefix: number; readonly family: "ipv4" | "ipv6" };

/** Parses `addr`, `addr/prefix` or `v4addr/v4mask`; undefined if it is none of them. */
export function parseNetwork(text: string): Net | undefined {
  const [addr = "", mask, extra] = text.trim().split("/");
  if (extra !== undefined) return undefined;
  const address = normalizeIp(addr);
  if (!address) return undefined;
  const family = isIP(address) === 4 ? "ipv4" : "ipv6";
  const max = family === "ipv4" ? 32 : 128;
  if (mask === undefined) return { address, prefix: max, family };
  if (/^\d{1,3}$/.test(mask)) {
    const prefix = Number(mask);
    return prefix <= max ? { address, prefix, family } : undefined;
  }
  if (family === "ipv4" && isIP(mask) === 4) {
    const prefix = maskToPrefix(mask);
    return prefix === undefined ? undefined : { address, prefix, family };
  }
  return undefined;
}

/** `255.255.0.0` → 16; undefined for a non-contiguous mask. */
function maskToPrefix(mask: string): number | undefined {
  const bits = mask.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  let prefix = 0;
  while (prefix < 32 && bits & (2 ** (31 - prefix))) prefix++;
  const expect = prefix === 0 ? 0 : (2 ** 32 - 2 ** (32 - prefix));
  return bits === expect ? prefix : undefined;
}

function add(list: BlockList, net: Net): void {
  if (net.prefix === (net.family === "ipv4" ? 32 : 128)) list.addAddress(net.address, net.family);
  else list.addSubnet(net.address, net.prefix, net.family);
}

function check(list: BlockList, ip: string): boolean {
  return list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
}

/** Builds the whitelist; bad entries become warnings (AR_BAD_WHITELIST) and are skipped. */
export function buildWhitelist(entries: readonly (WhitelistEntry | string)[]): { whitelist: Whitelist; diagnostics: Diagnostic[] } {
  const allow = new BlockList();
  const except = new BlockList();
  const accepted: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const e of entries) {
    const entry: WhitelistEntry = typeof e === "string" ? { text: e } : e;
    const negated = entry.text.trim().startsWith("!");
    const net = parseNetwork(entry.text.trim().replace(/^!/, ""));
    if (!net) {
      diagnostics.push({
        code: "AR_BAD_WHITELIST",
        severity: "warning",
        message: `Cannot use white_list entry "${entry.text}": it is not an IP address, CIDR or address/netmask`,
        hint: "hostname patterns never match: a response's srcip is always a validated IP",
        ...(entry.at ? { location: entry.at } : {}),
      });
      continue;
    }
    add(negated ? except : allow, net);
    accepted.push(`${negated ? "!" : ""}${net.address}/${net.prefix}`);
  }
  const whitelist: Whitelist = {
    entries: Object.freeze(accepted),
    has(ip: string): boolean {
      const n = normalizeIp(ip);
      return n !== undefined && check(allow, n) && !check(except, n);
    },
  };
  return { whitelist: Object.freeze(whitelist), diagnostics };
}
