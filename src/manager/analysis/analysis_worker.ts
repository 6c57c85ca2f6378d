/**
 * Drains the intake journal into analysis: takes the oldest journal rows, analyses each,
 * and in ONE transaction stores the alerts and removes the rows (exactly once into analysis
 * and the store). Then it hands the alerts to the outputs and the alert hooks, and records
 * how far the outputs got, so a crash replays at most the last batch to them.
 * Must not: decode or match (the Analyzer does) or acknowledge agents (intake does).
 */
import type { Alert, Logger, Queue, RawEvent } from "../../core/mod.ts";
import type { ChannelCounters } from "../../transport/mod.ts";
import { transaction, type DatabaseSync } from "../../store/mod.ts";
import type { IntakeJournal, JournalRow } from "../intake/mod.ts";
import type { AlertStore } from "../outputs/mod.ts";
import type { AlertOutput } from "../outputs/mod.ts";
import { wazuhLocation, type Analyzer } from "./analyzer.ts";

export interface AnalysisWorkerDeps {
  readonly db: DatabaseSync;
  readonly journal: IntakeJournal;
  readonly store: AlertStore;
  readonly analyzer: () => Analyzer;
  readonly outputs: () => readonly AlertOutput[];
  /** Called for every alert after it was stored (dispatch, live feed). MUST NOT throw. */
  readonly onAlert: (alert: Alert, event: RawEvent) => void;
  /** Called for every analysed event (tests, archives, latency figures). MUST NOT throw. */
  readonly onAnalysed?: (event: RawEvent) => void;
  readonly counters: ChannelCounters;
  readonly logger: Logger;
  readonly now: () => number;
  /** Events per analysis transaction; smaller keeps intake responsive. @default 200 */
  readonly batchSize?: number;
}

export interface AnalysisStats {
  analysed: number;
  alerts: number;
  failed: number;
}

export class AnalysisWorker {
  readonly stats: AnalysisStats = { analysed: 0, alerts: 0, failed: 0 };
  readonly #deps: AnalysisWorkerDeps;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(deps: AnalysisWorkerDeps) {
    this.#deps = deps;
  }

  /** Replays alerts the outputs may have missed (crash recovery), then drains the journal. */
  async start(): Promise<void> {
    const { store } = this.#deps;
    for (;;) {
      const missed = store.after(store.outputMark(), 1000);
      if (missed.length === 0) break;
      await this.#emit(missed.map((m) => m.alert), missed.at(-1)?.rowid ?? 0);
    }
    this.wake();
  }

  /** Schedules a drain (coalesced). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const rows = this.#deps.journal.take(this.#deps.batchSize ?? 200);
      if (rows.length === 0) return;
      await this.#processBatch(rows);
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  async #processBatch(rows: readonly JournalRow[]): Promise<void> {
    const { db, journal, store } = this.#deps;
    const analyzer = this.#deps.analyzer();
    const results: { alert: Alert; event: RawEvent }[] = [];
    const events: RawEvent[] = [];
    for (const row of rows) {
      const event = toRawEvent(row);
      events.push(event);
      const alert = this.#analyzeOne(analyzer, event);
      if (alert) results.push({ alert, event });
    }
    const lastRowid = transaction(db, () => {
      const last = store.insert(results.map((r) => r.alert));
      journal.removeUpTo(rows.at(-1)?.id ?? 0);
      return last;
    });
    this.stats.analysed += rows.length;
    this.stats.alerts += results.length;
    for (const e of events) this.#safe(() => this.#deps.onAnalysed?.(e));
    for (const r of results) this.#safe(() => this.#deps.onAlert(r.alert, r.event));
    if (results.length > 0) await this.#emit(results.map((r) => r.alert), lastRowid);
  }

  #analyzeOne(analyzer: Analyzer, event: RawEvent): Alert | undefined {
    try {
      return analyzer.analyze(event);
    } catch (error: unknown) {
      this.stats.failed++;
      this.#deps.counters.count("ANALYSIS_FAILED");
      this.#deps.logger.warn("analysis failed for one event", { agent: event.agentId, location: event.location, error });
      return undefined;
    }
  }

  async #emit(alerts: readonly Alert[], lastRowid: number): Promise<void> {
    const outputs = this.#deps.outputs();
    for (const o of outputs) for (const a of alerts) o.write(a);
    for (const o of outputs) {
      await o.flush().catch((error: unknown) => {
        this.#deps.counters.count("OUTPUT_FAILED");
        this.#deps.logger.warn("alert output failed", { output: o.kind, error });
      });
    }
    this.#deps.store.setOutputMark(lastRowid);
  }

  #safe(fn: () => void): void {
    try {
      fn();
    } catch (error: unknown) {
      this.#deps.logger.error("an alert hook threw", { error });
    }
  }
}

function toRawEvent(row: JournalRow): RawEvent {
  return {
    agentId: row.agentId,
    agentName: row.agentName,
    ...(row.agentId === "000" ? {} : { agentIp: row.agentIp }),
    location: wazuhLocation(row.agentId, row.agentName, row.agentIp, row.location),
    log: row.log,
    queue: row.queue as Queue,
    receivedAt: row.receivedAt,
  };
}
