/**
 * Compares files with the baseline and emits what changed: one file, a path named by a
 * realtime notification (file, new directory, or something gone), or a whole scan (with the
 * deletion pass). The first scan only records (baseline not yet initialized: no events).
 * An event goes to the sink with the baseline change as its commit: the sink writes it in the
 * event's own transaction (after a crash both are there or neither is, so a change is reported
 * once); a refused event leaves the baseline as it was, and the next check finds it again.
 * Must not: run two checks at once (the caller serializes), or throw for one unreadable file.
 */
import { errorMessage, type Clock, type Logger } from "../../core/mod.ts";
import type { EventSink } from "../logcollector/mod.ts";
import type { Baseline } from "./baseline.ts";
import type { EpsLimiter } from "./eps_limiter.ts";
import { kindOf, readAttributes } from "./file_attributes.ts";
import { SYSCHECK_LOCATION, changedAttributes, syscheckBody, type FimAttributes, type FimEvent, type FimMode } from "./fim_event.ts";
import type { FimScope, ScopeDirectory } from "./fim_scope.ts";
import type { UserNames } from "./user_names.ts";
import { walkFiles } from "./walk_files.ts";

export interface CheckerCounters {
  scans: number;
  added: number;
  modified: number;
  deleted: number;
  errors: number;
}

export interface CheckerDeps {
  readonly baseline: Baseline;
  readonly scope: FimScope;
  readonly directories: readonly ScopeDirectory[];
  readonly alertNewFiles: boolean;
  readonly names: UserNames;
  readonly limiter: EpsLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sink: EventSink;
  readonly onEvent?: (event: FimEvent) => void;
  readonly counters: CheckerCounters;
}

export class FimChecker {
  readonly #d: CheckerDeps;

  constructor(deps: CheckerDeps) {
    this.#d = deps;
  }

  /**
   * A full scan: every monitored file, then every recorded file that is gone. Each file is
   * checked through `unit`, which the caller serializes with realtime checks, so a long scan
   * never delays a realtime event by more than one file. A recorded path is reported deleted
   * only if it is really missing now (realtime may have recorded it after the walk passed).
   */
  async scan(unit: <T>(fn: () => Promise<T>) => Promise<T>): Promise<void> {
    const { baseline, scope } = this.#d;
    const seen = new Set<string>();
    for (const dir of this.#d.directories) {
      for await (const f of walkFiles(dir.path, dir.recursionLevel)) {
        if (scope.owner(f) !== dir) continue;
        seen.add(f);
        await unit(() => this.checkFile(f, dir, "scheduled"));
      }
    }
    for (const p of await unit(async () => baseline.paths())) {
      if (seen.has(p)) continue;
      await unit(async () => {
        if (!scope.owner(p)) baseline.delete(p); // No longer monitored (configuration changed): forget silently.
        else if ((await kindOf(p)) !== "file") await this.#remove(p, "scheduled");
      });
    }
    await unit(async () => {
      if (!baseline.initialized) baseline.markInitialized();
    });
    this.#d.counters.scans++;
  }

  /** A realtime notification: a file, a new directory, or something that went away. */
  async checkPath(path: string): Promise<void> {
    const kind = await kindOf(path);
    if (kind === "directory") {
      for await (const f of walkFiles(path, 256)) {
        const dir = this.#d.scope.owner(f);
        if (dir) await this.checkFile(f, dir, "realtime");
      }
    } else if (kind === "file") {
      const dir = this.#d.scope.owner(path);
      if (dir) await this.checkFile(path, dir, "realtime");
    } else {
      for (const p of [path, ...this.#d.baseline.pathsUnder(path)]) await this.#remove(p, "realtime");
    }
  }

  async checkFile(path: string, dir: ScopeDirectory, mode: FimMode): Promise<void> {
    let attrs: FimAttributes | undefined;
    try {
      attrs = await readAttributes(path, dir.checks, this.#d.names);
    } catch (error: unknown) {
      this.#d.counters.errors++;
      this.#d.logger.warn("cannot read monitored file", { code: "FIM_READ_FAILED", path, error: errorMessage(error) });
      return;
    }
    if (!attrs) return this.#remove(path, mode);
    const { baseline } = this.#d;
    const old = baseline.get(path);
    const record = () => baseline.put(path, attrs);
    if (!old) {
      if (baseline.initialized && this.#d.alertNewFiles) return this.#emit({ path, type: "added", mode, timestamp: this.#now(), attributes: attrs }, record);
      return record();
    }
    const changed = changedAttributes(old, attrs);
    if (changed.length === 0) return;
    return this.#emit({ path, type: "modified", mode, timestamp: this.#now(), attributes: attrs, changedAttributes: changed, oldAttributes: old }, record);
  }

  async #remove(path: string, mode: FimMode): Promise<void> {
    const { baseline } = this.#d;
    const old = baseline.get(path);
    if (!old) return;
    const forget = () => baseline.delete(path);
    if (baseline.initialized && this.#d.scope.owner(path)) return this.#emit({ path, type: "deleted", mode, timestamp: this.#now(), attributes: old }, forget);
    forget();
  }

  /** Sends `event`; `commit` (the baseline change) runs in the event's transaction. */
  async #emit(event: FimEvent, commit: () => void): Promise<void> {
    await this.#d.limiter.take();
    await this.#d.sink({ location: SYSCHECK_LOCATION, log: syscheckBody(event), queue: "8" }, commit);
    this.#d.counters[event.type]++;
    this.#d.onEvent?.(event);
  }

  #now(): number {
    return Math.floor(this.#d.clock.now() / 1000);
  }
}
