/**
 * Reconciliation of the kernel's firewall-drop blocks with the execd's durable timeouts at
 * start (docs/responses.md): when this host runs Riposte's own firewall-drop (its launcher in
 * active-response/bin, named by ar.conf) with nftables, the elements of the `riposte` table
 * are made to match the active firewall-drop responses: a block lost from the kernel (a
 * reboot, a flush) is added back with its remaining time, a kernel element that no response
 * holds any more is removed, the others get their remaining time as kernel timeout. The
 * restored blocks are then held as leases (renewed until their delete), like the blocks the
 * in-process firewall-drop adds, so a response the execd extends is not lifted early.
 * Must not: throw (a failure is logged, the agent starts anyway), touch iptables, or run
 * when firewall-drop is somebody else's script.
 */
import { isIP } from "node:net";
import { join } from "node:path";
import type { Logger } from "../../core/mod.ts";
import { KERNEL_GRACE_SEC, isObject, parseMessage, reconcileFirewall, type Allowlist, type DesiredBlock, type Firewall, type ReconcileReport } from "../../response/mod.ts";
import { isLauncher } from "./builtin_resolver.ts";
import type { ActiveEntry } from "./timeout_store.ts";

const EXECUTABLE = "firewall-drop";

export interface FirewallReconcileOptions {
  readonly home: string;
  readonly allowlist: Allowlist;
  /** Every durable entry (the execd's store); only firewall-drop ones are used. */
  readonly entries: readonly ActiveEntry[];
  /** Called only when reconciliation applies; the caller closes what it returns. */
  readonly firewall: () => Firewall;
  readonly nowMs: number;
  readonly logger: Logger;
  /** Where the restored blocks are held (the in-process firewall-drop's leases). */
  readonly leases?: { hold(target: string, timeoutSec: number): void };
}

/** An address or an IPv6 network `addr/bits` (what a firewall-drop key names). */
function isBlockTarget(text: string): boolean {
  const [addr = "", bits, extra] = text.split("/");
  if (extra !== undefined) return false;
  return bits === undefined ? isIP(addr) !== 0 : isIP(addr) === 6 && /^\d{1,3}$/.test(bits);
}

/** True when ar.conf names firewall-drop and bin/firewall-drop is Riposte's launcher. */
export function runsBuiltinFirewallDrop(home: string, allowlist: Allowlist): boolean {
  const named = [...allowlist.values()].some((entries) => entries.some((e) => e.executable === EXECUTABLE));
  return named && isLauncher(join(home, "active-response", "bin", EXECUTABLE));
}

/** The nftables blocks the durable entries want: the key is `firewall-drop-<target>`. */
export function desiredBlocks(entries: readonly ActiveEntry[]): DesiredBlock[] {
  const out: DesiredBlock[] = [];
  for (const e of entries) {
    if (e.executable !== EXECUTABLE || e.deleting || !e.key.startsWith(`${EXECUTABLE}-`)) continue;
    const parsed = parseMessage(e.payload);
    const params: unknown = parsed.ok ? parsed.message.parameters : undefined;
    const extra: unknown = isObject(params) ? params.extra_args : undefined;
    if (Array.isArray(extra) && extra.includes("backend=iptables")) continue; // not in the nftables table
    out.push({ ip: e.key.slice(EXECUTABLE.length + 1), expiresAt: e.expiresAt });
  }
  return out;
}

/** Reconciles when it applies; undefined when it does not apply or failed (logged). */
export async function reconcileFirewallDrop(o: FirewallReconcileOptions): Promise<ReconcileReport | undefined> {
  if (!runsBuiltinFirewallDrop(o.home, o.allowlist)) return undefined;
  try {
    const desired = desiredBlocks(o.entries);
    const report = await reconcileFirewall(o.firewall(), desired, { nowMs: o.nowMs });
    for (const d of desired) {
      if (d.expiresAt !== undefined && d.expiresAt > o.nowMs && isBlockTarget(d.ip)) {
        o.leases?.hold(d.ip, Math.ceil((d.expiresAt - o.nowMs) / 1000) + KERNEL_GRACE_SEC);
      }
    }
    o.logger.info("Reconciled the kernel's firewall-drop blocks with the active responses", { ...report });
    return report;
  } catch (error: unknown) {
    o.logger.error("Could not reconcile the kernel's firewall-drop blocks (the agent runs on)", { code: "EXECD_FIREWALL_RECONCILE_FAILED", error });
    return undefined;
  }
}
