/**
 * createFim: file integrity monitoring per <syscheck>. A scan at start builds the baseline
 * silently (no alert storm); later scans (every `frequency` seconds, or scanNow()) and realtime
 * directories (fs.watch recursive, inotify) compare each file with its baseline record and
 * emit added / modified / deleted events: to the sink as queue "8" events whose log is the
 * syscheck JSON body analysisd decodes (fim_event.ts), and to `onEvent` as typed events.
 * The baseline is updated only after the sink resolved, so a refused event is found again by
 * the next check. All checks run one at a time (scans and realtime never race on a path).
 * Must not: follow symbolic links, read anything but regular files, or throw for one file.
 */
import { join, relative, sep } from "node:path";
import type { SyscheckConfig, SyscheckDirectory } from "../../config/mod.ts";
import { errorMessage, type Clock, type Logger } from "../../core/mod.ts";
import { sleepUnlessAborted, type CollectedEvent } from "../logcollector/mod.ts";
import { openBaseline, type Baseline } from "./baseline.ts";
import { kindOf, readAttributes } from "./file_attributes.ts";
import { SYSCHECK_LOCATION, changedAttributes, syscheckBody, type FimAttributes, type FimEvent, type FimMode } from "./fim_event.ts";
import { compileIgnore, compileSregex, type PathTest } from "./path_filter.ts";
import { EpsLimiter } from "./eps_limiter.ts";
import { RealtimeWatcher } from "./realtime_watcher.ts";
import { createUserNames, type UserNames } from "./user_names.ts";
import { walkFiles } from "./walk_files.ts";

/** The <syscheck> fields FIM reads (a structural subset of SyscheckConfig). */
export type SyscheckSpec = Pick<SyscheckConfig, "frequencySeconds" | "scanOnStart" | "alertNewFiles"> &
  Partial<Pick<SyscheckConfig, "maxEps" | "skipProc" | "skipSys" | "skipDev">> & {
  readonly directories: readonly Pick<SyscheckDirectory, "path" | "realtime" | "checks" | "recursionLevel" | "restrict">[];
  readonly ignore: readonly Pick<SyscheckConfig["ignore"][number], "kind" | "value">[];
};

export interface FimDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Riposte home; the baseline goes to HOME/queue/fim/baseline.db. */
  readonly home: string;
  /** Resolves once the event is durable (the agent's spool). */
  readonly sink: (event: CollectedEvent) => Promise<void>;
  /** Called with each event after the sink accepted it. */
  readonly onEvent?: (event: FimEvent) => void;
  readonly baselinePath?: string;
  readonly userNames?: UserNames;
  /** ms realtime events for a path are gathered before it is checked. @default 50 */
  readonly debounceMs?: number;
}

export interface FimStats {
  scans: number;
  added: number;
  modified: number;
  deleted: number;
  /** Files that could not be read, events the sink refused, directories that could not be watched. */
  errors: number;
  /** Realtime directories being watched. */
  watching: number;
}

export interface Fim {
  /** Scans at start, then on schedule, and watches realtime directories until `signal` aborts. */
  start(signal: AbortSignal): Promise<void>;
  /** A scheduled-mode scan now (after what is queued); resolves when it is done. */
  scanNow(): Promise<void>;
  stats(): FimStats;
}

type Dir = SyscheckSpec["directories"][number];

export function createFim(spec: SyscheckSpec, deps: FimDeps): Fim {
  const logger = deps.logger.child("fim");
  const names = deps.userNames ?? createUserNames();
  const dirs = [...spec.directories].sort((a, b) => b.path.length - a.path.length);
  const ignored = compileIgnore(spec.ignore);
  const restrict = new Map<Dir, PathTest>(dirs.flatMap((d) => (d.restrict ? [[d, compileSregex(d.restrict)] as const] : [])));
  const stats: FimStats = { scans: 0, added: 0, modified: 0, deleted: 0, errors: 0, watching: 0 };
  let baseline: Baseline | undefined;
  let watcher: RealtimeWatcher | undefined;
  /** Watches what can be watched now (a realtime directory may appear later). */
  const ensureWatches = async (): Promise<void> => {
    await watcher?.ensure();
    stats.watching = watcher?.watching ?? 0;
  };
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  };
  const db = (): Baseline => {
    if (!baseline) throw new Error("Cannot check files before FIM started");
    return baseline;
  };

  // Wazuh compat: skip_proc, skip_sys and skip_dev (default yes) keep pseudo file systems out.
  const skipped = [spec.skipProc ?? true ? "/proc" : "", spec.skipSys ?? true ? "/sys" : "", spec.skipDev ?? true ? "/dev" : ""].filter(Boolean);
  const pseudo = (path: string) => skipped.some((p) => path === p || path.startsWith(`${p}/`));

  /** The configured directory that owns `path` (the deepest), if it is monitored at all. */
  const owner = (path: string): Dir | undefined => {
    const d = dirs.find((x) => path === x.path || path.startsWith(x.path.endsWith(sep) ? x.path : x.path + sep));
    if (!d || ignored(path) || pseudo(path)) return undefined;
    if (relative(d.path, path).split(sep).length - 1 > d.recursionLevel) return undefined;
    const r = restrict.get(d);
    return r && !r(path) ? undefined : d;
  };

  const limiter = new EpsLimiter(deps.clock, spec.maxEps ?? 0);
  const emit = async (event: FimEvent): Promise<void> => {
    await limiter.take();
    await deps.sink({ location: SYSCHECK_LOCATION, log: syscheckBody(event), queue: "8" });
    stats[event.type]++;
    deps.onEvent?.(event);
  };
  const now = () => Math.floor(deps.clock.now() / 1000);

  const checkFile = async (path: string, dir: Dir, mode: FimMode): Promise<void> => {
    let attrs: FimAttributes | undefined;
    try {
      attrs = await readAttributes(path, dir.checks, names);
    } catch (error: unknown) {
      stats.errors++;
      logger.warn("cannot read monitored file", { code: "FIM_READ_FAILED", path, error: errorMessage(error) });
      return;
    }
    if (!attrs) return removeOne(path, mode);
    const old = db().get(path);
    if (db().initialized && !old && spec.alertNewFiles) await emit({ path, type: "added", mode, timestamp: now(), attributes: attrs });
    if (old) {
      const changed = changedAttributes(old, attrs);
      if (changed.length === 0) return;
      await emit({ path, type: "modified", mode, timestamp: now(), attributes: attrs, changedAttributes: changed, oldAttributes: old });
    }
    db().put(path, attrs);
  };

  const removeOne = async (path: string, mode: FimMode): Promise<void> => {
    const old = db().get(path);
    if (!old) return;
    if (db().initialized && owner(path)) await emit({ path, type: "deleted", mode, timestamp: now(), attributes: old });
    db().delete(path);
  };

  /** A realtime notification: a file, a new directory, or something that went away. */
  const checkPath = async (path: string): Promise<void> => {
    const kind = await kindOf(path);
    if (kind === "directory") {
      for await (const f of walkFiles(path, 256)) {
        const d = owner(f);
        if (d) await checkFile(f, d, "realtime");
      }
    } else if (kind === "file") {
      const d = owner(path);
      if (d) await checkFile(path, d, "realtime");
    } else {
      for (const p of [path, ...db().pathsUnder(path)]) await removeOne(p, "realtime");
    }
  };

  const scan = async (): Promise<void> => {
    const seen = new Set<string>();
    for (const d of spec.directories) {
      for await (const f of walkFiles(d.path, d.recursionLevel)) {
        if (owner(f) !== d) continue;
        seen.add(f);
        await checkFile(f, d, "scheduled");
      }
    }
    for (const p of db().paths()) {
      if (seen.has(p)) continue;
      if (owner(p)) await removeOne(p, "scheduled");
      else db().delete(p); // No longer monitored (configuration changed): forget silently.
    }
    if (!db().initialized) db().markInitialized();
    stats.scans++;
  };

  const guardedScan = () =>
    serial(scan).catch((error: unknown) => {
      stats.errors++;
      logger.error("scan failed", { code: "FIM_SCAN_FAILED", error: errorMessage(error) });
    });

  return {
    async start(signal) {
      baseline = openBaseline(deps.baselinePath ?? join(deps.home, "queue", "fim", "baseline.db"));
      const pending = new Set<string>();
      let flushTimer: { cancel(): void } | undefined;
      const flush = () => {
        flushTimer = undefined;
        const paths = [...pending];
        pending.clear();
        void serial(async () => {
          for (const p of paths) await checkPath(p);
        }).catch((error: unknown) => {
          stats.errors++;
          logger.warn("realtime check failed; the next scan retries", { code: "FIM_SCAN_FAILED", error: errorMessage(error) });
        });
      };
      watcher = new RealtimeWatcher(
        spec.directories.filter((d) => d.realtime).map((d) => d.path),
        (p) => {
          pending.add(p);
          flushTimer ??= deps.clock.setTimeout(flush, deps.debounceMs ?? 50);
        },
        (path, error) => {
          stats.errors++;
          logger.warn("cannot watch in realtime; scheduled scans still check it", { code: "FIM_WATCH_FAILED", path, error: errorMessage(error) });
        },
      );
      const scanWithWatches = async () => {
        await ensureWatches();
        await guardedScan();
      };
      const keepAlive = setInterval(() => {}, 1 << 30);
      try {
        // The first scan is the silent baseline; scan_on_start=no only matters once a baseline exists.
        if (spec.scanOnStart || !db().initialized) await scanWithWatches();
        else await ensureWatches();
        while (!signal.aborted) {
          await sleepUnlessAborted(deps.clock, spec.frequencySeconds * 1000, signal);
          if (!signal.aborted) await scanWithWatches();
        }
      } finally {
        clearInterval(keepAlive);
        flushTimer?.cancel();
        watcher.close();
        watcher = undefined;
        stats.watching = 0;
        await chain;
        baseline.close();
        baseline = undefined;
      }
    },
    scanNow: async () => {
      await ensureWatches();
      return serial(scan);
    },
    stats: () => ({ ...stats }),
  };
}
