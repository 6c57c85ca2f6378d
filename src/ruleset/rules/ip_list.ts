/**
 * `<srcip>`/`<dstip>` address lists. Wazuh compat (semantics §1.5.1): entries are scanned in
 * order and the first one containing the address decides; a `!` entry flips the answer for
 * itself and every later entry, so `!10.0.0.0/8` alone means "not in 10/8"; the event value
 * must itself be a plain IPv4/IPv6 address (no port, no hostname).
 * Must not: throw on any value.
 */
import { BlockList, isIP } from "node:net";

interface Entry {
  readonly not: boolean;
  readonly any: boolean;
  readonly block: BlockList | undefined;
}

export interface IpList {
  /** True when the address is selected by the list (before any negate="yes"). */
  matches(value: string): boolean;
}

/** Parses entries; returns the texts of invalid ones in `invalid`. */
export function compileIpList(entries: readonly string[]): { list: IpList; invalid: string[] } {
  const invalid: string[] = [];
  const parsed: Entry[] = [];
  for (const raw of entries) {
    const entry = parseEntry(raw);
    if (entry) parsed.push(entry);
    else invalid.push(raw);
  }
  return { list: { matches: (value) => found(parsed, value) }, invalid };
}

function found(entries: readonly Entry[], value: string): boolean {
  const family = isIP(value);
  if (family === 0) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  let truth = true;
  for (const e of entries) {
    if (e.not) truth = false;
    if (e.any || e.block?.check(value, type)) return truth;
  }
  return !truth;
}

function parseEntry(raw: string): Entry | undefined {
  const not = raw.startsWith("!");
  const text = (not ? raw.slice(1) : raw).trim();
  if (text === "any") return { not, any: true, block: undefined };
  const [address = "", mask] = text.split("/", 2);
  const family = isIP(address);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = mask === undefined ? max : prefixOf(mask, family);
  if (prefix === undefined || prefix > max) return undefined;
  const block = new BlockList();
  try {
    block.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
  } catch {
    // An address node:net refuses is an invalid entry, reported by the caller.
    return undefined;
  }
  return { not, any: false, block };
}

function prefixOf(mask: string, family: number): number | undefined {
  if (/^\d{1,3}$/.test(mask)) return Number(mask);
  if (family !== 4 || isIP(mask) !== 4) return undefined;
  const bits = mask.split(".").map((o) => Number(o).toString(2).padStart(8, "0")).join("");
  return /^1*0*$/.test(bits) ? bits.indexOf("0") < 0 ? 32 : bits.indexOf("0") : undefined;
}
