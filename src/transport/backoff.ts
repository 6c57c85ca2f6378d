/**
 * Reconnect delays: exponential growth capped at a maximum, with "full jitter" (a uniform
 * draw in [delay/2, delay]) so a fleet that lost its manager does not reconnect in lockstep.
 * The 5 s cap bounds how long a fleet stays blind after its manager comes back; a refused
 * TCP connection costs the manager next to nothing, so 2,000 agents retrying every 2.5–5 s
 * during an outage are harmless.
 */

export interface BackoffOptions {
  /** @default 500 */
  readonly initialMs?: number;
  /** @default 5000 */
  readonly maxMs?: number;
  /** @default 2 */
  readonly factor?: number;
  /** Uniform [0,1) source; tests pass a fixed one. @default Math.random */
  readonly random?: () => number;
}

export interface Backoff {
  /** The delay before the next attempt, growing with each call. */
  next(): number;
  /** Back to the initial delay (after a successful connection). */
  reset(): void;
}

export function createBackoff(options: BackoffOptions = {}): Backoff {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 5_000;
  const factor = options.factor ?? 2;
  const random = options.random ?? Math.random;
  let attempt = 0;
  return {
    next() {
      const ceiling = Math.min(max, initial * factor ** attempt);
      attempt = Math.min(attempt + 1, 64);
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    },
    reset() {
      attempt = 0;
    },
  };
}
