/**
 * Reconciliation at agent start: make the kernel's blocks match the durable list of active
 * blocks. Missing blocks are added (with the remaining time as kernel timeout), blocks the
 * list no longer holds are removed, present ones get their timeout refreshed. One
 * transaction each way, however many addresses.
 * Must not: read the durable store itself (the execd passes the list).
 */
import type { Firewall } from "./firewall.ts";
import { KERNEL_GRACE_SEC, blockTarget } from "./firewall_drop.ts";
import { ipv6Network, parseIp } from "./message_fields.ts";

export interface DesiredBlock {
  /** The address (as in the alert) or the IPv6 network a block keyed on; invalid text is skipped and counted. */
  readonly ip: string;
  /** When the block ends (ms since epoch); absent = permanent. */
  readonly expiresAt?: number;
}

export interface ReconcileReport {
  readonly added: number;
  readonly removed: number;
  readonly kept: number;
  readonly invalid: number;
}

export interface ReconcileOptions {
  readonly nowMs: number;
  readonly ipv6PrefixBits?: number;
  readonly graceSec?: number;
}

/** What is blocked for a stored target: an address (under the prefix policy) or an IPv6 network. */
function desiredTarget(text: string, bits: number | undefined): string | undefined {
  const [addr = "", len, extra] = text.split("/");
  const ip = parseIp(addr);
  if (!ip || extra !== undefined) return undefined;
  if (len === undefined) return blockTarget(ip.ip, bits);
  if (ip.family !== 6 || !/^\d{1,3}$/.test(len) || Number(len) < 16 || Number(len) > 128) return undefined;
  return ipv6Network(ip.ip, Number(len));
}

export async function reconcileFirewall(firewall: Firewall, desired: readonly DesiredBlock[], o: ReconcileOptions): Promise<ReconcileReport> {
  const want = new Map<string, number>();
  let invalid = 0;
  for (const d of desired) {
    const target = desiredTarget(d.ip, o.ipv6PrefixBits);
    if (target === undefined) {
      invalid++;
      continue;
    }
    if (d.expiresAt !== undefined && d.expiresAt <= o.nowMs) continue;
    const timeoutSec = d.expiresAt === undefined ? 0 : Math.ceil((d.expiresAt - o.nowMs) / 1000) + (o.graceSec ?? KERNEL_GRACE_SEC);
    const prev = want.get(target);
    want.set(target, prev === undefined || prev === 0 || timeoutSec === 0 ? (prev === 0 ? 0 : timeoutSec) : Math.max(prev, timeoutSec));
  }
  const present = new Set((await firewall.list()).map((b) => b.target));
  const stale = [...present].filter((t) => !want.has(t));
  if (stale.length > 0) await firewall.unblock(stale);
  if (want.size > 0) await firewall.block([...want].map(([target, timeoutSec]) => ({ target, timeoutSec })));
  const kept = [...want.keys()].filter((t) => present.has(t)).length;
  return { added: want.size - kept, removed: stale.length, kept, invalid };
}
