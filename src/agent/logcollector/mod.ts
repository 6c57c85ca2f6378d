/**
 * Public entry of the log collector: createLogCollector (the service the agent runs), the
 * source contract, the explicit factory list, and the checkpoint store.
 */
export { createLogCollector, type LogCollector, type LogCollectorDeps, type LogCollectorStats } from "./log_collector.ts";
export type { CollectedEvent, CollectedQueue, EventSink, LogSource, LogSourceFactory, SourceContext, SourceStats } from "./source.ts";
export { LEGACY_CHECKPOINTS, importLegacyCheckpoints, openCheckpointStore, type CheckpointStore, type FilePosition } from "./checkpoint_store.ts";
export { LOG_FORMATS, DEFAULT_COMMAND_FREQUENCY_SEC, type LocalfileSpec, type LogFormat } from "./localfile_spec.ts";
export { logSourceFactories, type SourceOptions } from "./registry.ts";
export { MAX_LINE_BYTES } from "./line_splitter.ts";
export { sleepUnlessAborted } from "./source.ts";
export { logcollectorCodes } from "./codes.ts";
