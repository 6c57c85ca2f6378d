/**
 * Replay as a library: a simulator set up from a validated configuration (the same
 * definitions, white_list, protected networks, breaker limits and repeated offenders the
 * manager uses), and replayLogs, which streams log files through it and builds the report.
 * Files are replayed in the order given, as one history (their events share one clock).
 * Must not: act on anything; only read the files.
 */
import { stat } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import type { Config } from "../config/mod.ts";
import { breakerOptionsOf, definitionsFromConfig, offenderMinutes, protectedNetworksOf } from "../response/mod.ts";
import type { Ruleset } from "../ruleset/mod.ts";
import { readLogLines, type LogStats } from "./log_source.ts";
import { ReplayError } from "./replay_error.ts";
import { buildReport, type ReplayReport } from "./replay_report.ts";
import { ReplaySimulator, type ReplayOptions } from "./replay_simulator.ts";

export interface ReplaySetup {
  readonly ruleset: Ruleset;
  /** Without one, no response is configured: replay only counts alerts. */
  readonly config?: Pick<Config, "commands" | "activeResponses" | "global" | "execd">;
  /** Addresses of the manager and of the host whose logs these are (never blocked). */
  readonly selfAddresses?: readonly string[];
  readonly managerName?: string;
  /** Where yearless timestamps are placed. @default the first file's modification time */
  readonly referenceMs?: number;
}

export function simulatorOptions(setup: ReplaySetup, referenceMs: number): ReplayOptions {
  const c = setup.config;
  return {
    ruleset: setup.ruleset, referenceMs,
    definitions: c ? definitionsFromConfig(c) : [],
    whitelist: c?.global.whiteList ?? [],
    protectedNetworks: c ? protectedNetworksOf(c) : [],
    selfAddresses: setup.selfAddresses ?? [],
    ...(c ? { breaker: breakerOptionsOf(c), offenderMinutes: offenderMinutes(c.execd.repeatedOffendersMinutes) } : {}),
    ...(setup.managerName ? { managerName: setup.managerName } : {}),
  };
}

async function referenceOf(paths: readonly string[], setup: ReplaySetup): Promise<number> {
  if (setup.referenceMs !== undefined) return setup.referenceMs;
  const first = paths[0];
  if (first === undefined) throw new ReplayError("REPLAY_UNREADABLE", "No log file to replay");
  try {
    return (await stat(first)).mtimeMs;
  } catch (error: unknown) {
    throw new ReplayError("REPLAY_UNREADABLE", `Cannot read ${first}`, { cause: error });
  }
}

/** Replays `paths` in order; rejects with a ReplayError when a file cannot be read. */
export async function replayLogs(paths: readonly string[], setup: ReplaySetup): Promise<ReplayReport> {
  const sim = new ReplaySimulator(simulatorOptions(setup, await referenceOf(paths, setup)));
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const files: LogStats[] = [];
  for (const path of paths) {
    const stats: LogStats = { format: "plain", lines: 0, bad: 0, skipped: 0 };
    files.push(stats);
    for await (const batch of readLogLines(path, stats)) for (const line of batch) sim.feed(line, path);
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu0);
  const cpuMs = (used.user + used.system) / 1000;
  const report = buildReport(sim.finish());
  const lines = files.reduce((n, f) => n + f.lines, 0);
  return {
    ...report,
    input: {
      files: files.map((f, i) => ({ path: paths[i] ?? "", format: f.format, lines: f.lines, bad: f.bad })),
      wallMs, linesPerSecond: wallMs > 0 ? (lines * 1000) / wallMs : lines,
      cpuMs, linesPerCpuSecond: cpuMs > 0 ? (lines * 1000) / cpuMs : lines,
    },
  };
}
