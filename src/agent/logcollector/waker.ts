/**
 * A wake-up latch for polling loops: `notify()` (from fs.watch or a child's output) ends the
 * current or next `wait`, which otherwise ends after its timeout or when the signal aborts.
 * `wait` tells which: true when notified, false on timeout or abort.
 * Must not: throw; it never rejects.
 */
import type { Clock } from "../../core/mod.ts";

export class Waker {
  #pending = false;
  #wake: (() => void) | undefined;
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  notify(): void {
    this.#pending = true;
    this.#wake?.();
  }

  wait(timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (this.#pending || signal.aborted) {
      const notified = this.#pending;
      this.#pending = false;
      return Promise.resolve(notified);
    }
    return new Promise((resolve) => {
      const done = (notified: boolean) => {
        timer.cancel();
        signal.removeEventListener("abort", onAbort);
        this.#wake = undefined;
        this.#pending = false;
        resolve(notified);
      };
      const onAbort = () => done(false);
      const timer = this.#clock.setTimeout(() => done(false), timeoutMs);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#wake = () => done(true);
    });
  }
}
