/**
 * A wake-up latch for polling loops: `notify()` (from fs.watch or a child's output) ends the
 * current or next `wait`, which otherwise ends after its timeout or when the signal aborts.
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

  wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        signal.removeEventListener("abort", done);
        this.#wake = undefined;
        this.#pending = false;
        resolve();
      };
      const timer = this.#clock.setTimeout(done, timeoutMs);
      signal.addEventListener("abort", done, { once: true });
      this.#wake = done;
    });
  }
}
