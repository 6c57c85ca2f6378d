/**
 * Keeps one log source running until the signal aborts: a run() that rejects (or ends without
 * an abort) is logged with LC_SOURCE_FAILED and started again after a backoff of 1 s doubling
 * to 60 s; a run that lasted a minute resets the backoff. Time comes from the injected Clock.
 * Must not: retry without waiting, or swallow the failure silently.
 */
import { errorMessage, type Clock, type Logger } from "../../core/mod.ts";
import { sleepUnlessAborted, type LogSource } from "./source.ts";

export const BACKOFF_START_MS = 1000;
export const BACKOFF_MAX_MS = 60_000;
/** A run that lasted this long resets the backoff. */
export const HEALTHY_MS = 60_000;

export async function superviseSource(source: LogSource, signal: AbortSignal, deps: { clock: Clock; logger: Logger; onFailure(): void }): Promise<void> {
  let backoff = BACKOFF_START_MS;
  while (!signal.aborted) {
    const began = deps.clock.now();
    try {
      await source.run(signal);
      if (signal.aborted) return;
      throw new Error("run() ended without an abort");
    } catch (error: unknown) {
      if (signal.aborted) return;
      deps.onFailure();
      if (deps.clock.now() - began >= HEALTHY_MS) backoff = BACKOFF_START_MS;
      deps.logger.error("log source failed, restarting", { code: "LC_SOURCE_FAILED", source: source.id, error: errorMessage(error), retryInMs: backoff });
      await sleepUnlessAborted(deps.clock, backoff, signal);
      backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
    }
  }
}
