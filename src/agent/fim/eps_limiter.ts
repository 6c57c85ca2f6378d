/**
 * FIM's `<max_eps>`: at most N events per second leave FIM (a package upgrade touching
 * thousands of files must not flood the manager); the caller waits for the next second.
 * 0 means unlimited. Time comes from the injected Clock.
 * Must not: drop anything (events wait, they are never discarded).
 */
import type { Clock } from "../../core/mod.ts";

export class EpsLimiter {
  readonly #clock: Clock;
  readonly #max: number;
  #windowStart = -Infinity;
  #count = 0;

  constructor(clock: Clock, maxPerSecond: number) {
    this.#clock = clock;
    this.#max = maxPerSecond;
  }

  /** Resolves when one more event may leave. */
  async take(): Promise<void> {
    if (this.#max <= 0) return;
    for (;;) {
      const now = this.#clock.now();
      if (now - this.#windowStart >= 1000) {
        this.#windowStart = now;
        this.#count = 0;
      }
      if (this.#count < this.#max) {
        this.#count++;
        return;
      }
      await new Promise<void>((resolve) => this.#clock.setTimeout(resolve, this.#windowStart + 1000 - now));
    }
  }
}
