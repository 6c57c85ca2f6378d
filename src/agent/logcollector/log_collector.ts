/**
 * createLogCollector: the agent's log collection service. Builds one source per <localfile>
 * through the explicit factory list, runs them concurrently, and supervises each: a source
 * whose run() rejects is logged (LC_SOURCE_FAILED), counted and restarted with exponential
 * backoff (1 s doubling to 60 s, reset after a minute of healthy running). Positions live in
 * HOME/queue/logcollector/checkpoints.db.
 * Must not: buffer events (the sink is the spool), or know the transport.
 */
import { join } from "node:path";
import { errorMessage, type Clock, type Logger } from "../../core/mod.ts";
import { openCheckpointStore, type CheckpointStore } from "./checkpoint_store.ts";
import type { LocalfileSpec } from "./localfile_spec.ts";
import { factoryFor, logSourceFactories, type SourceOptions } from "./registry.ts";
import { emptyStats, sleepUnlessAborted, type EventSink, type LogSource, type SourceContext, type SourceStats } from "./source.ts";

export interface LogCollectorDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Riposte home; checkpoints go to HOME/queue/logcollector/checkpoints.db. */
  readonly home: string;
  /** Resolves once the event is durable (see EventSink). */
  readonly sink: EventSink;
  readonly sourceOptions?: SourceOptions;
  /** Overrides the checkpoint database path (":memory:" in tests). */
  readonly checkpointPath?: string;
}

export interface LogCollectorStats {
  readonly sources: SourceStats[];
  /** <localfile> blocks that produced no source (unknown format, duplicate). */
  readonly rejected: number;
}

export interface LogCollector {
  /** Runs every source until `signal` aborts; resolves when all have stopped. Call once. */
  start(signal: AbortSignal): Promise<void>;
  stats(): LogCollectorStats;
}

const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 60_000;
/** A run that lasted this long resets the backoff. */
const HEALTHY_MS = 60_000;

export function createLogCollector(localfiles: readonly LocalfileSpec[], deps: LogCollectorDeps): LogCollector {
  const logger = deps.logger.child("logcollector");
  const factories = logSourceFactories(deps.sourceOptions);
  let store: CheckpointStore | undefined;
  const ctx: SourceContext = {
    clock: deps.clock,
    logger,
    sink: deps.sink,
    get checkpoints(): CheckpointStore {
      if (!store) throw new Error("Cannot use checkpoints before the collector started");
      return store;
    },
  };
  const sources: LogSource[] = [];
  const errors = new Map<string, number>();
  let rejected = 0;
  for (const spec of localfiles) {
    const factory = factoryFor(factories, spec.logFormat);
    if (!factory) {
      rejected++;
      logger.error("no log source for this log_format", { code: "LC_UNKNOWN_FORMAT", logFormat: spec.logFormat, known: factories.flatMap((f) => f.formats).join(",") });
      continue;
    }
    const source = factory.create(spec, ctx);
    if (sources.some((s) => s.id === source.id)) {
      rejected++;
      logger.warn("duplicate <localfile>, ignored", { code: "LC_DUPLICATE_SOURCE", source: source.id });
      continue;
    }
    sources.push(source);
  }

  const supervise = async (source: LogSource, signal: AbortSignal): Promise<void> => {
    let backoff = BACKOFF_START_MS;
    while (!signal.aborted) {
      const began = deps.clock.now();
      try {
        await source.run(signal);
        if (signal.aborted) return;
        throw new Error("run() ended without an abort");
      } catch (error: unknown) {
        if (signal.aborted) return;
        errors.set(source.id, (errors.get(source.id) ?? 0) + 1);
        if (deps.clock.now() - began >= HEALTHY_MS) backoff = BACKOFF_START_MS;
        logger.error("log source failed, restarting", { code: "LC_SOURCE_FAILED", source: source.id, error: errorMessage(error), retryInMs: backoff });
        await sleepUnlessAborted(deps.clock, backoff, signal);
        backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
      }
    }
  };

  return {
    async start(signal) {
      store = openCheckpointStore(deps.checkpointPath ?? join(deps.home, "queue", "logcollector", "checkpoints.db"));
      // The collector is a service: keep the process alive while it runs (source timers are unref'd).
      const keepAlive = setInterval(() => {}, 1 << 30);
      try {
        await Promise.all(sources.map((s) => supervise(s, signal)));
      } finally {
        clearInterval(keepAlive);
        store.close();
        store = undefined;
      }
    },
    stats: () => ({
      sources: sources.map((s) => ({ ...(s.stats() ?? emptyStats(s.id, s.kind)), errors: errors.get(s.id) ?? 0 })),
      rejected,
    }),
  };
}
