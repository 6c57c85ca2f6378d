/**
 * The contract between a log source and the agent that runs it (DESIGN §4: source ─► spool).
 * Owns: the shapes every source shares (CollectedEvent, EventSink, LogSource, SourceContext,
 * LogSourceFactory). Must not: know any concrete source, the spool, or the transport.
 */
import type { Clock, Logger } from "../../core/mod.ts";
import type { CheckpointStore } from "./checkpoint_store.ts";
import type { LocalfileSpec } from "./localfile_spec.ts";

/** Wazuh queue of an event: "1" local file/syslog text, "8" syscheck (FIM). */
export type CollectedQueue = "1" | "8";

/** One event as collected on the agent, before the agent adds its identity. */
export interface CollectedEvent {
  /** Wazuh's location: the file path, "journald", or the command (or its alias). */
  readonly location: string;
  /** The message: one log line, a JSON line, a command output, or a syscheck JSON body. */
  readonly log: string;
  readonly queue: CollectedQueue;
}

/**
 * Where sources hand their events. The returned promise MUST resolve only once the event is
 * durable (spooled): sources treat resolution as "this event will not be lost".
 *
 * `commit` is how a source advances its persisted position past the event: the sink MUST run
 * it synchronously inside the same transaction that makes the event durable (the agent's spool
 * and the checkpoint store share one SQLite connection), so after a crash either both the event
 * and the position are there or neither is. A sink that runs `commit` rejects if `commit`
 * throws. When the sink rejects, the position did not advance: the source rejects its own run
 * and the collector restarts it from the last persisted position, so the event is offered again.
 * A source may hand several events in one go, calling the sink for each without waiting in
 * between (synchronously, in order): the sink then makes them durable in that order, all in one
 * transaction or none, and runs their commits in that order (the spool's group commit does).
 */
export type EventSink = (event: CollectedEvent, commit?: () => void) => Promise<void>;

/** Counters a source exposes; they only grow (except `files`, a gauge). */
export interface SourceStats {
  readonly id: string;
  readonly kind: string;
  /** Events the sink accepted. */
  events: number;
  /** Bytes of those events' `log`. */
  bytes: number;
  /** Inputs that could not become an event (invalid JSON line, line with a NUL byte, journal entry without MESSAGE; for commands, failed runs): counted, skipped. */
  badLines: number;
  /** Lines longer than the cap, delivered truncated. */
  truncated: number;
  /** Rotations (rename), truncations (copytruncate) and deletions seen. */
  rotations: number;
  /** Runtime errors that ended a run (the collector restarted the source). */
  errors: number;
  /** Files currently followed (file sources), else 0. */
  files: number;
}

/** What the collector gives every source. */
export interface SourceContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly checkpoints: CheckpointStore;
  readonly sink: EventSink;
}

/**
 * A running source.
 *
 * - `run(signal)` MUST resolve soon after `signal` aborts (within one poll interval) and MUST
 *   NOT emit after it resolved.
 * - It MUST NOT throw or reject for one bad input: a line it cannot turn into an event is
 *   counted in `badLines`, logged, and skipped.
 * - It MUST advance its persisted position (file offset, journal cursor) past an event only
 *   in that event's `commit` hook, so a restart, even after SIGKILL, neither loses nor
 *   repeats an event. Past inputs that made no event (skipped lines) it writes directly.
 * - It rejects on a fault it cannot handle itself (sink rejection, journalctl exiting, an I/O
 *   error other than a vanished file) and MUST NOT retry forever on its own: the collector
 *   supervises it and calls `run` again with backoff.
 * - `run` is never called twice concurrently on the same source.
 */
export interface LogSource {
  /** Stable id, used as the checkpoint namespace: `<kind>:<location>`. */
  readonly id: string;
  readonly kind: string;
  run(signal: AbortSignal): Promise<void>;
  stats(): SourceStats;
}

/** Builds sources of some `log_format`s from a validated <localfile>. Pure until create(). */
export interface LogSourceFactory {
  /** The Wazuh `log_format` values this factory serves. */
  readonly formats: readonly string[];
  create(localfile: LocalfileSpec, ctx: SourceContext): LogSource;
}

/** Fresh zeroed stats. */
export function emptyStats(id: string, kind: string): SourceStats {
  return { id, kind, events: 0, bytes: 0, badLines: 0, truncated: 0, rotations: 0, errors: 0, files: 0 };
}

/** Resolves after `ms` or as soon as `signal` aborts (never rejects). */
export function sleepUnlessAborted(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      timer.cancel();
      resolve();
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
