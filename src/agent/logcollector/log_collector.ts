/**
 * createLogCollector: the agent's log collection service. Builds one source per <localfile>
 * through the explicit factory list, runs them concurrently, and supervises each: a source
 * whose run() rejects is logged (LC_SOURCE_FAILED), counted and restarted with exponential
 * backoff (1 s doubling to 60 s, reset after a minute of healthy running). Positions live in
 * the checkpoint store it is given (the agent's is on the spool's connection, see EventSink).
 * Must not: buffer events (the sink is the spool), know the transport, or own the store.
 */
import type { Clock, Logger } from "../../core/mod.ts";
import type { CheckpointStore } from "./checkpoint_store.ts";
import type { LocalfileSpec } from "./localfile_spec.ts";
import { factoryFor, logSourceFactories, type SourceOptions } from "./registry.ts";
import { emptyStats, type EventSink, type LogSource, type LogSourceFactory, type SourceContext, type SourceStats } from "./source.ts";
import { superviseSource } from "./supervisor.ts";

export interface LogCollectorDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Resolves once the event is durable, running the source's commit in the same transaction (see EventSink). */
  readonly sink: EventSink;
  /** Where positions persist; the caller opens and closes it. */
  readonly checkpoints: CheckpointStore;
  readonly sourceOptions?: SourceOptions;
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

export function createLogCollector(localfiles: readonly LocalfileSpec[], deps: LogCollectorDeps): LogCollector {
  const logger = deps.logger.child("logcollector");
  const factories = logSourceFactories(deps.sourceOptions);
  const ctx: SourceContext = { clock: deps.clock, logger, sink: deps.sink, checkpoints: deps.checkpoints };
  const { sources, rejected } = buildSources(localfiles, factories, ctx, logger);
  const errors = new Map<string, number>();

  return {
    async start(signal) {
      // The collector is a service: keep the process alive while it runs (source timers are unref'd).
      const keepAlive = setInterval(() => {}, 1 << 30);
      try {
        await Promise.all(
          sources.map((s) =>
            superviseSource(s, signal, { clock: deps.clock, logger, onFailure: () => void errors.set(s.id, (errors.get(s.id) ?? 0) + 1) }),
          ),
        );
      } finally {
        clearInterval(keepAlive);
      }
    },
    stats: () => ({
      sources: sources.map((s) => ({ ...(s.stats() ?? emptyStats(s.id, s.kind)), errors: errors.get(s.id) ?? 0 })),
      rejected,
    }),
  };
}

/** One source per <localfile>; unknown formats and duplicates are logged and counted. */
function buildSources(localfiles: readonly LocalfileSpec[], factories: readonly LogSourceFactory[], ctx: SourceContext, logger: Logger) {
  const sources: LogSource[] = [];
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
  return { sources, rejected };
}
