/**
 * Per-source-address token buckets (enrollment brute-force guard). Each attempt takes a
 * token; an address with none left is refused without its request being read. Memory is
 * bounded: the stalest buckets are forgotten beyond `maxAddresses`.
 */

export interface RateLimiterOptions {
  /** Attempts allowed in a burst. @default 5 */
  readonly burst?: number;
  /** One token comes back every this many ms. @default 5000 */
  readonly refillMs?: number;
  /** @default 10000 */
  readonly maxAddresses?: number;
  readonly now?: () => number;
}

export class RateLimiter {
  readonly #burst: number;
  readonly #refillMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: RateLimiterOptions = {}) {
    this.#burst = options.burst ?? 5;
    this.#refillMs = options.refillMs ?? 5000;
    this.#max = options.maxAddresses ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Takes one token for `address`; false when the address is over its rate. */
  take(address: string): boolean {
    const now = this.#now();
    const b = this.#buckets.get(address) ?? { tokens: this.#burst, at: now };
    const refilled = Math.min(this.#burst, b.tokens + (now - b.at) / this.#refillMs);
    const ok = refilled >= 1;
    this.#buckets.delete(address);
    this.#buckets.set(address, { tokens: ok ? refilled - 1 : refilled, at: now });
    if (this.#buckets.size > this.#max) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    return ok;
  }
}
