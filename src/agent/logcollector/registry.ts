/**
 * The explicit list of log source factories (no registration by import side effect), built
 * with the per-kind options. An unknown log_format is answered with the known ones.
 * Must not: create sources itself (the collector does).
 */
import { commandSourceFactory, type CommandSourceOptions } from "./sources/command/mod.ts";
import { fileSourceFactory, type FileSourceOptions } from "./sources/file/mod.ts";
import { journaldSourceFactory, type JournaldSourceOptions } from "./sources/journald/mod.ts";
import type { LogSourceFactory } from "./source.ts";

/** Per-kind tuning, mostly for tests (poll interval, a fake journalctl, command timeout). */
export interface SourceOptions {
  readonly file?: FileSourceOptions;
  readonly journald?: JournaldSourceOptions;
  readonly command?: CommandSourceOptions;
}

/** Every factory, in the order they are consulted. */
export function logSourceFactories(options: SourceOptions = {}): readonly LogSourceFactory[] {
  return Object.freeze([fileSourceFactory(options.file), journaldSourceFactory(options.journald), commandSourceFactory(options.command)]);
}

export function factoryFor(factories: readonly LogSourceFactory[], logFormat: string): LogSourceFactory | undefined {
  return factories.find((f) => f.formats.includes(logFormat));
}
