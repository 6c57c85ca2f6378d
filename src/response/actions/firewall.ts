/**
 * The Firewall shape both backends (nftables, iptables) implement: block and unblock many
 * addresses at once, list what the kernel holds, tear down. A "target" is an IPv4 or IPv6
 * address, or an IPv6 network `addr/bits` (prefix blocking), always validated before.
 * Must not: validate alert input (firewall_drop.ts does), decide timeouts.
 */
export interface BlockEntry {
  /** An address or an IPv6 network `addr/bits`, already validated and normalised. */
  readonly target: string;
  /** Kernel-side expiry in seconds; 0 or absent = none (the backend may not support it). */
  readonly timeoutSec?: number;
}

export interface KernelBlock {
  readonly target: string;
  /** Seconds left before the kernel removes it; undefined when it has no timeout. */
  readonly expiresSec?: number;
}

export interface Firewall {
  readonly kind: "nftables" | "iptables";
  /** Whether blocks expire in the kernel by themselves. */
  readonly kernelTimeouts: boolean;
  /**
   * Blocks every entry; concurrent calls share one transaction. Idempotent: a present target
   * stays once, with the new timeout. Rejects with ActionError when the kernel refused.
   */
  block(entries: readonly BlockEntry[], signal?: AbortSignal): Promise<void>;
  /** Unblocks; absent targets are fine (idempotent). */
  unblock(targets: readonly string[], signal?: AbortSignal): Promise<void>;
  list(signal?: AbortSignal): Promise<KernelBlock[]>;
  /** Releases what the backend holds (a persistent nft process); blocks stay. */
  close(): void;
  /** Removes Riposte's table or chains entirely (uninstall, tests); also closes. */
  teardown(): Promise<void>;
}

export const NFT_TABLE = "riposte";
export const IPTABLES_CHAIN = "RIPOSTE";

/** The address family of a validated target. */
export function familyOf(target: string): 4 | 6 {
  return target.includes(":") ? 6 : 4;
}
