/**
 * createFim: file integrity monitoring per <syscheck>. A scan at start builds the baseline
 * silently (no alert storm); later scans (every `frequency` seconds, or scanNow()) and realtime
 * directories (fs.watch recursive, inotify) compare each file with its baseline record and
 * emit added / modified / deleted events: to the sink as queue "8" events whose log is the
 * syscheck JSON body analysisd decodes (fim_event.ts), and to `onEvent` as typed events.
 * A change's new baseline record is the event's commit: the sink writes it in the event's own
 * transaction, so a crash never reports a change twice, and a refused event is found again by
 * the next check. File checks run one at a time (scans and realtime never race on a path),
 * and a scan's files interleave with realtime checks (a long scan never delays them).
 * Must not: follow symbolic links, read anything but regular files, or throw for one file.
 */
import { join } from "node:path";
import type { SyscheckConfig } from "../../config/mod.ts";
import { errorMessage, type Clock, type Logger, type TimerHandle } from "../../core/mod.ts";
import type { DatabaseSync } from "../../store/mod.ts";
import { sleepUnlessAborted, type EventSink } from "../logcollector/mod.ts";
import { LEGACY_BASELINE, importLegacyBaseline, openBaseline, type Baseline } from "./baseline.ts";
import { EpsLimiter } from "./eps_limiter.ts";
import { FimChecker } from "./fim_checker.ts";
import type { FimEvent } from "./fim_event.ts";
import { FimScope, type ScopeSpec } from "./fim_scope.ts";
import { RealtimeWatcher } from "./realtime_watcher.ts";
import { createUserNames, type UserNames } from "./user_names.ts";

/** The <syscheck> fields FIM reads (a structural subset of SyscheckConfig). */
export type SyscheckSpec = Pick<SyscheckConfig, "frequencySeconds" | "scanOnStart" | "alertNewFiles"> & Partial<Pick<SyscheckConfig, "maxEps">> & ScopeSpec;

export interface FimDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Riposte home; without `database`, the baseline goes to HOME/queue/fim/baseline.db. */
  readonly home: string;
  /**
   * The connection the sink commits on (the agent's spool database): the baseline lives there,
   * so the sink can run a baseline change in its event's transaction. An earlier version's
   * HOME/queue/fim/baseline.db is imported into it once.
   */
  readonly database?: DatabaseSync;
  /** Resolves once the event is durable (the agent's spool), running its commit in the same transaction. */
  readonly sink: EventSink;
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

export function createFim(spec: SyscheckSpec, deps: FimDeps): Fim {
  return new FimService(spec, deps);
}

/** Wires baseline, checker, realtime watcher and schedule; every file check runs through #serial. */
class FimService implements Fim {
  readonly #spec: SyscheckSpec;
  readonly #deps: FimDeps;
  readonly #logger: Logger;
  readonly #scope: FimScope;
  readonly #names: UserNames;
  readonly #limiter: EpsLimiter;
  readonly #stats: FimStats = { scans: 0, added: 0, modified: 0, deleted: 0, errors: 0, watching: 0 };
  #checker: FimChecker | undefined;
  #watcher: RealtimeWatcher | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  /** Scans run one after the other; their files interleave with realtime checks on #chain. */
  #scans: Promise<unknown> = Promise.resolve();
  #pending = new Set<string>();
  /** Set while start() winds down: a running scan stops at its next file. */
  #stopping = false;
  #flushTimer: TimerHandle | undefined;

  constructor(spec: SyscheckSpec, deps: FimDeps) {
    this.#spec = spec;
    this.#deps = deps;
    this.#logger = deps.logger.child("fim");
    this.#scope = new FimScope(spec);
    this.#names = deps.userNames ?? createUserNames();
    this.#limiter = new EpsLimiter(deps.clock, spec.maxEps ?? 0);
  }

  stats(): FimStats {
    return { ...this.#stats };
  }

  async scanNow(): Promise<void> {
    await this.#ensureWatches();
    return this.#scan();
  }

  /** Queues a scan after any running one; each of its files goes through #serial. */
  #scan(): Promise<void> {
    const p = this.#scans.then(() => {
      const checker = this.#checker;
      if (!checker) throw new Error("Cannot scan before FIM started");
      return checker.scan((fn) => (this.#stopping ? Promise.reject(new Error("FIM is stopping")) : this.#serial(() => fn())));
    });
    this.#scans = p.catch(() => undefined);
    return p;
  }

  #openBaseline(): Baseline {
    const { database, home } = this.#deps;
    if (!database) return openBaseline(this.#deps.baselinePath ?? join(home, LEGACY_BASELINE));
    const baseline = openBaseline(database);
    try {
      const rows = importLegacyBaseline(database, join(home, LEGACY_BASELINE));
      if (rows > 0) this.#logger.info("baseline moved into the spool database", { from: join(home, LEGACY_BASELINE), rows });
    } catch (error: unknown) {
      this.#fail("FIM_LEGACY_BASELINE", "cannot import the old baseline; a new one is built silently", error, join(home, LEGACY_BASELINE));
    }
    return baseline;
  }

  async start(signal: AbortSignal): Promise<void> {
    const baseline = this.#openBaseline();
    this.#checker = new FimChecker({
      baseline, scope: this.#scope, directories: this.#spec.directories, alertNewFiles: this.#spec.alertNewFiles, names: this.#names,
      limiter: this.#limiter, clock: this.#deps.clock, logger: this.#logger, sink: this.#deps.sink, counters: this.#stats,
      ...(this.#deps.onEvent ? { onEvent: this.#deps.onEvent } : {}),
    });
    this.#watcher = new RealtimeWatcher(
      this.#spec.directories.filter((d) => d.realtime).map((d) => d.path),
      (path) => this.#notify(path),
      (path, error) => this.#fail("FIM_WATCH_FAILED", "cannot watch in realtime; scheduled scans still check it", error, path),
    );
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      // The first scan is the silent baseline; scan_on_start=no only matters once a baseline exists.
      await this.#ensureWatches();
      if (this.#spec.scanOnStart || !baseline.initialized) await this.#guardedScan();
      while (!signal.aborted) {
        await sleepUnlessAborted(this.#deps.clock, this.#spec.frequencySeconds * 1000, signal);
        if (signal.aborted) break;
        await this.#ensureWatches();
        await this.#guardedScan();
      }
    } finally {
      this.#stopping = true;
      clearInterval(keepAlive);
      this.#flushTimer?.cancel();
      this.#watcher.close();
      this.#watcher = undefined;
      this.#stats.watching = 0;
      await this.#scans;
      await this.#chain;
      this.#checker = undefined;
      this.#stopping = false;
      baseline.close();
    }
  }

  /** Runs `fn` after every check queued before it (scans and realtime never race on a path). */
  #serial<T>(fn: (checker: FimChecker) => Promise<T>): Promise<T> {
    const p = this.#chain.then(() => {
      if (!this.#checker) throw new Error("Cannot check files before FIM started");
      return fn(this.#checker);
    });
    this.#chain = p.catch(() => undefined);
    return p;
  }

  async #ensureWatches(): Promise<void> {
    await this.#watcher?.ensure();
    this.#stats.watching = this.#watcher?.watching ?? 0;
  }

  /** A scan whose failure is logged; its end is logged (after the first one, realtime changes are reported). */
  #guardedScan(): Promise<void> {
    return this.#scan().then(
      () => this.#logger.info("File integrity monitoring scan ended", { scans: this.#stats.scans, watching: this.#stats.watching }),
      (error: unknown) => {
        if (!this.#stopping) this.#fail("FIM_SCAN_FAILED", "scan failed", error);
      },
    );
  }

  /** Realtime: gather notifications for `debounceMs`, then check each path once. */
  #notify(path: string): void {
    this.#pending.add(path);
    this.#flushTimer ??= this.#deps.clock.setTimeout(() => {
      this.#flushTimer = undefined;
      const paths = [...this.#pending];
      this.#pending.clear();
      void this.#serial(async (c) => {
        for (const p of paths) await c.checkPath(p);
      }).catch((error: unknown) => this.#fail("FIM_SCAN_FAILED", "realtime check failed; the next scan retries", error));
    }, this.#deps.debounceMs ?? 50);
  }

  #fail(code: "FIM_WATCH_FAILED" | "FIM_SCAN_FAILED" | "FIM_LEGACY_BASELINE", message: string, error: unknown, path?: string): void {
    this.#stats.errors++;
    this.#logger.warn(message, { code, path, error: errorMessage(error) });
  }
}
