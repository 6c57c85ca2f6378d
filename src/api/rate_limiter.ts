/**
 * Per-address token buckets: `perMinute` requests refill evenly, bursts up to `burst`. Used
 * for every route (Wazuh's max_request_per_minute, default 300) and, stricter, for
 * authentication (default 30 a minute, against password guessing). Buckets idle for a
 * minute are forgotten, and at most `maxKeys` addresses are tracked (oldest dropped).
 * Must not: read the wall clock (time is passed in).
 */
export interface RateLimiterOptions {
  readonly perMinute: number;
  /** @default perMinute */
  readonly burst?: number;
  /** @default 100_000 */
  readonly maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(o: RateLimiterOptions) {
    this.#rate = o.perMinute / 60_000;
    this.#burst = o.burst ?? o.perMinute;
    this.#maxKeys = o.maxKeys ?? 100_000;
  }

  /** Takes one token for `key` at `now` (ms); returns 0 when allowed, else the seconds to wait. */
  take(key: string, now: number): number {
    let b = this.#buckets.get(key);
    if (b) {
      this.#buckets.delete(key);
      b.tokens = Math.min(this.#burst, b.tokens + (now - b.at) * this.#rate);
      b.at = now;
    } else {
      b = { tokens: this.#burst, at: now };
      if (this.#buckets.size >= this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
    }
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.#rate / 1000));
  }
}
