/**
 * Kernel-timeout renewal for blocks held by a long-lived process (the agent running
 * firewall-drop in-process). An element's kernel timeout is a lease: while the process lives,
 * every block it added is renewed before it expires, so an execd that extends a response
 * (a repeat, an escalation, a long or unknown timeout) never sees the kernel lift it early;
 * if every Riposte process dies, renewals stop and the kernel lifts each block at most one
 * lease later. Released by the delete. A one-shot executable exits before any renewal.
 * Must not: keep the process alive (the Clock's timers do not), throw from the timer.
 */
import { systemClock, type Clock, type TimerHandle } from "../../core/mod.ts";
import type { Firewall } from "./firewall.ts";

/** How often leases close to expiry are renewed. */
export const RENEW_TICK_MS = 15_000;

interface Lease {
  readonly timeoutSec: number;
  expiresAt: number;
}

export class BlockLeases {
  readonly #firewall: Firewall;
  readonly #clock: Clock;
  readonly #onError: (message: string) => void;
  readonly #leases = new Map<string, Lease>();
  #timer: TimerHandle | undefined;

  constructor(firewall: Firewall, options: { clock?: Clock; onError?: (message: string) => void } = {}) {
    this.#firewall = firewall;
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError ?? (() => undefined);
  }

  /**
   * Records that `target` was just blocked with a kernel timeout of `timeoutSec`. No timeout,
   * or one shorter than two ticks (an operator asking for a short kernel expiry), is not renewed.
   */
  hold(target: string, timeoutSec: number): void {
    if (timeoutSec * 1000 <= 2 * RENEW_TICK_MS) {
      this.#leases.delete(target);
      return;
    }
    this.#leases.set(target, { timeoutSec, expiresAt: this.#clock.now() + timeoutSec * 1000 });
    this.#arm();
  }

  release(target: string): void {
    this.#leases.delete(target);
    if (this.#leases.size === 0) {
      this.#timer?.cancel();
      this.#timer = undefined;
    }
  }

  /** Forgets every lease and stops renewing (the owner stops; the kernel timeouts run out). */
  releaseAll(): void {
    this.#leases.clear();
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  get size(): number {
    return this.#leases.size;
  }

  #arm(): void {
    if (this.#timer) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#renew().finally(() => {
        if (this.#leases.size > 0) this.#arm();
      });
    }, RENEW_TICK_MS);
  }

  /** Renews, in one transaction, every lease that would expire within two ticks. */
  async #renew(): Promise<void> {
    const now = this.#clock.now();
    // Still in the kernel (a late timer never brings back what the kernel already lifted) and close to expiry.
    const due = [...this.#leases].filter(([, l]) => l.expiresAt > now && l.expiresAt - now <= 2 * RENEW_TICK_MS);
    for (const [target, l] of this.#leases) if (l.expiresAt <= now) this.#leases.delete(target);
    if (due.length === 0) return;
    try {
      await this.#firewall.block(due.map(([target, l]) => ({ target, timeoutSec: l.timeoutSec })));
      for (const [, l] of due) l.expiresAt = now + l.timeoutSec * 1000;
    } catch (error: unknown) {
      this.#onError(`renewing ${due.length} kernel timeout(s) failed: ${(error as Error).message}`);
    }
  }
}
