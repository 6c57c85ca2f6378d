/**
 * IP networks as written in a configuration: `203.0.113.5`, `10.0.0.0/8`,
 * `10.0.0.0/255.0.0.0`, `2001:db8::/32`, `::ffff:192.0.2.1`. Validated with node:net, then
 * normalised to the network address and a prefix length. Pure: never throws on bad input.
 */
import { isIP, isIPv4 } from "node:net";

export interface IpNetwork {
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefix: number;
}

export type NetworkResult = { readonly ok: true; readonly network: IpNetwork } | { readonly ok: false; readonly reason: string };

const MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** Parses an address or network; `reason` says what is wrong in a sentence fragment. */
export function parseIpNetwork(text: string): NetworkResult {
  const parts = text.split("/");
  if (parts.length > 2) return fail("it has more than one \"/\"");
  const [addr = "", mask] = parts;
  const family = isIP(addr) as 0 | 4 | 6;
  if (family === 0) return fail(`"${addr}" is not an IPv4 or IPv6 address`);
  const bits = family === 4 ? 32 : 128;
  const prefix = mask === undefined ? bits : parseMask(mask, family);
  if (typeof prefix === "string") return fail(prefix);
  const mapped = family === 6 ? MAPPED.exec(addr) : null;
  if (mapped && prefix >= 96) return ok(4, applyMask(toBigInt(mapped[1] ?? "", 4), prefix - 96, 4), prefix - 96);
  return ok(family, applyMask(toBigInt(addr, family), prefix, family), prefix);
}

function parseMask(mask: string, family: 4 | 6): number | string {
  const bits = family === 4 ? 32 : 128;
  if (/^\d{1,3}$/.test(mask)) {
    const n = Number(mask);
    return n <= bits ? n : `the prefix length /${mask} is larger than ${bits}`;
  }
  if (family === 4 && isIPv4(mask)) {
    const value = toBigInt(mask, 4);
    const inverted = ~value & 0xffffffffn;
    if ((inverted & (inverted + 1n)) !== 0n) return `the netmask ${mask} is not contiguous`;
    return 32 - inverted.toString(2).replace(/^0+/, "").length;
  }
  return `"/${mask}" is not a prefix length${family === 4 ? " or a netmask" : ""}`;
}

function ok(family: 4 | 6, address: bigint, prefix: number): NetworkResult {
  return { ok: true, network: { family, address: fromBigInt(address, family), prefix } };
}

function fail(reason: string): NetworkResult {
  return { ok: false, reason };
}

function applyMask(value: bigint, prefix: number, family: 4 | 6): bigint {
  const bits = BigInt(family === 4 ? 32 : 128);
  const all = (1n << bits) - 1n;
  const host = (1n << (bits - BigInt(prefix))) - 1n;
  return value & (all ^ host);
}

/** Address text (already validated by node:net) → integer. */
export function toBigInt(addr: string, family: 4 | 6): bigint {
  if (family === 4) return addr.split(".").reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
  let text = addr;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = toBigInt(v4[1] ?? "", 4);
    text = `${text.slice(0, v4.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Integer → canonical address text (RFC 5952 compression for IPv6). */
export function fromBigInt(value: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (bestStart < 0) return groups.join(":");
  return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLength).join(":")}`;
}
