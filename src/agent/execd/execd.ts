/**
 * The execd: executes active-response messages on this host (wazuh-ar.md §3) and undoes
 * them on time. Security control first (security_control.ts), then the script protocol
 * through a ResponseAction (ExecutableAction by default), the check_keys decision with
 * dedup and repeated offenders (add_run.ts), durable timeouts (timeout_store.ts) with
 * deletes at T, reconciliation at start, concurrency by lanes (lanes.ts), a watchdog, and
 * one ExecutionResult per execution.
 * Differences from Wazuh (docs/compatibility.md): parallel runs, watchdog, durable timeouts,
 * stop does not lift by default, offender decay, duplicates do not escalate.
 * Must not: read the wall clock (Clock is injected), use a shell, or throw on a bad message.
 */
import { join } from "node:path";
import type { Clock, Logger, TimerHandle } from "../../core/mod.ts";
import type { DatabaseSync } from "../../store/mod.ts";
import { DEFAULT_HANDSHAKE_MS, DEFAULT_WATCHDOG_MS, ExecutableAction, offenderMinutes, parseMessage, type ActionResult, type Allowlist, type ArMessage, type ResponseAction } from "../../response/mod.ts";
import { nullArLog, openArLog, type ArLog } from "./ar_log.ts";
import { runAdd, withWatchdog, type AddDeps } from "./add_run.ts";
import { messageFacts, originKind, type ExecutionResult } from "./execution_result.ts";
import { createLanes } from "./lanes.ts";
import { isSafeFileName, resolveCommand, type ResolvedCommand } from "./security_control.ts";
import { TimeoutStore, type ActiveEntry } from "./timeout_store.ts";

export interface ExecdOptions {
  /** The Riposte home: scripts run from HOME/active-response/bin with HOME as cwd. */
  readonly home: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The response names this host accepts (parsed ar.conf); replaceable with setAllowlist. */
  readonly allowlist: Allowlist;
  /** Holds the durable timeouts and offender counters (the caller opens and closes it). */
  readonly db: DatabaseSync;
  /** `<repeated_offenders>` in minutes; empty or a leading 0 = off. */
  readonly repeatedOffendersMinutes?: readonly number[];
  /** An offence older than this no longer counts. @default 86_400 (24 h) */
  readonly offenderDecaySec?: number;
  /** Runs at once across keys. @default 32 */
  readonly maxConcurrent?: number;
  /** A run longer than this is killed with its process group. @default 60_000 */
  readonly watchdogMs?: number;
  /** Wait for check_keys before closing a silent script's stdin. @default 5_000 */
  readonly handshakeMs?: number;
  /** On stop(), runs still going after this long are killed (their entries stay). @default 5_000 */
  readonly stopGraceMs?: number;
  /** Run every pending delete on stop() (Wazuh's behaviour). @default false */
  readonly liftOnStop?: boolean;
  /** Write logs/active-responses.log. @default true */
  readonly arLog?: boolean;
  /** `<active-response><disabled>yes`: every message is refused. @default false */
  readonly disabled?: boolean;
  /** Called with every result (the agent sends it to the manager). MUST NOT throw. */
  readonly onResult?: (result: ExecutionResult) => void;
  /**
   * Builds the action for a resolved command (in-process built-ins); undefined (or no
   * actionFor) means ExecutableAction. `hooks.log` writes an action line to
   * active-responses.log.
   */
  readonly actionFor?: (command: ActionTarget, hooks: { readonly log: (line: string) => void }) => ResponseAction | undefined;
}

/** What an action is built for. */
export type ActionTarget = Pick<ResolvedCommand, "path" | "executable" | "program" | "legacyArgs">;

/** One current active response, for `riposte control --active`. */
export interface ActiveResponse {
  readonly key: string;
  readonly name: string;
  readonly executable: string;
  readonly target?: string;
  readonly origin: ActiveEntry["origin"];
  readonly ruleId?: string;
  readonly alertId?: string;
  readonly startedAt: number;
  readonly expiresAt: number;
  readonly timeLeftMs: number;
  readonly offence: number;
}

export interface Execd {
  /** Executes one message (the JSON text received). Never rejects; every call yields a result. */
  execute(message: string, meta?: { readonly commandId?: string }): Promise<ExecutionResult>;
  active(): ActiveResponse[];
  /** Runs the delete of `key` now; undefined when no such active response. */
  lift(key: string, meta?: { readonly commandId?: string }): Promise<ExecutionResult | undefined>;
  /** Reconciles the store: overdue deletes start now, the others are scheduled. */
  start(): Promise<void>;
  /** Refuses new messages, waits for runs in flight; lifts everything when liftOnStop. */
  stop(): Promise<void>;
  setAllowlist(allowlist: Allowlist): void;
  /** Resolves when nothing runs or waits (tests, benchmarks). */
  settled(): Promise<void>;
}

/** A delete whose executable cannot start is retried this often… */
const DELETE_RETRY_MS = 60_000;
/** …for this long after its deadline. */
const DELETE_RETRY_FOR_MS = 86_400_000;

export function createExecd(options: ExecdOptions): Execd {
  return new ExecdImpl(options);
}

class ExecdImpl implements Execd {
  readonly #o: ExecdOptions;
  readonly #store: TimeoutStore;
  readonly #lanes;
  readonly #timers = new Map<string, TimerHandle>();
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #log: ArLog;
  readonly #logger: Logger;
  #allowlist: Allowlist;
  #stopping = false;
  #cancel = new AbortController();
  #pruneTimer: TimerHandle | undefined;

  constructor(o: ExecdOptions) {
    this.#o = o;
    this.#store = new TimeoutStore(o.db);
    this.#lanes = createLanes(o.maxConcurrent ?? 32);
    this.#allowlist = o.allowlist;
    this.#logger = o.logger.child("execd");
    this.#log = o.arLog === false ? nullArLog : openArLog(join(o.home, "logs", "active-responses.log"), o.clock, this.#logger);
  }

  get #watchdogMs(): number {
    return this.#o.watchdogMs ?? DEFAULT_WATCHDOG_MS;
  }

  setAllowlist(allowlist: Allowlist): void {
    this.#allowlist = allowlist;
  }

  execute(text: string, meta: { readonly commandId?: string } = {}): Promise<ExecutionResult> {
    return this.#track(this.#execute(text, meta.commandId));
  }

  async #execute(text: string, commandId: string | undefined): Promise<ExecutionResult> {
    const at = this.#o.clock.now();
    const parsed = parseMessage(text);
    const name = parsed.ok ? parsed.message.command.slice(0, 256) : "";
    const refuse = (code: string, reason: string, m?: ArMessage): ExecutionResult => {
      const r: ExecutionResult = { command: "add", name, outcome: "refused", exitCode: null, durationMs: 0, code, reason, origin: m ? originKind(m) : "manual", at, timeoutSec: 0, ...(commandId ? { commandId } : {}) };
      this.#logger.warn("Refused an active response", { code, reason, name });
      return this.#report(r);
    };
    if (!parsed.ok) return refuse("AR_BAD_MESSAGE", parsed.reason);
    if (this.#o.disabled) return refuse("EXECD_DISABLED", "active response is disabled on this host", parsed.message);
    if (this.#stopping) return refuse("EXECD_STOPPED", "the execd is stopping", parsed.message);
    const facts = messageFacts(parsed.message);
    if (!facts.ok) return refuse(facts.code, facts.reason, parsed.message);
    const resolved = resolveCommand(parsed.message.command, this.#o.home, this.#allowlist);
    if (!resolved.ok) return refuse(resolved.code, resolved.reason, parsed.message);
    const command = resolved.command;
    const lane = `${command.executable}|${facts.facts.target ?? ""}`;
    const deps: AddDeps = { clock: this.#o.clock, store: this.#store, lanes: this.#lanes, log: this.#log, logger: this.#logger, offenders: this.#offenders() };
    const result = await this.#lanes.serial(lane, () => this.#lanes.slot(() => runAdd(deps, {
      command, message: parsed.message, facts: facts.facts, action: this.#action(command), commandId, watchdogMs: this.#watchdogMs, cancel: this.#cancel.signal,
      schedule: (entry) => this.#schedule(entry),
    })));
    return this.#report(result);
  }

  #offenders(): AddDeps["offenders"] {
    const list = this.#o.repeatedOffendersMinutes ?? [];
    return { minutes: offenderMinutes(list), decayMs: (this.#o.offenderDecaySec ?? 86_400) * 1000 };
  }

  #action(command: ActionTarget): ResponseAction {
    const custom = this.#o.actionFor?.(command, { log: (line) => this.#log.write(command.program, line) });
    if (custom) return custom;
    return new ExecutableAction({
      path: command.path, cwd: this.#o.home, legacyArgs: command.legacyArgs, clock: this.#o.clock,
      watchdogMs: this.#watchdogMs, handshakeMs: this.#o.handshakeMs ?? DEFAULT_HANDSHAKE_MS,
    });
  }

  #schedule(entry: ActiveEntry): void {
    this.#timers.get(entry.key)?.cancel();
    const delay = Math.max(0, entry.expiresAt - this.#o.clock.now());
    this.#timers.set(entry.key, this.#o.clock.setTimeout(() => {
      this.#timers.delete(entry.key);
      void this.#track(this.#delete(entry.key, "timeout"));
    }, delay));
  }

  /** Runs the delete of `key` under its lane, a slot and its key lock. */
  async #delete(key: string, trigger: NonNullable<ExecutionResult["trigger"]>, commandId?: string): Promise<ExecutionResult | undefined> {
    const first = this.#store.get(key);
    if (!first) return undefined;
    const parsed = parseMessage(first.payload);
    const facts = parsed.ok ? messageFacts(parsed.message) : undefined;
    const lane = `${first.executable}|${facts?.ok ? (facts.facts.target ?? "") : ""}`;
    const result = await this.#lanes.serial(lane, () => this.#lanes.slot(async () => {
      const release = await this.#lanes.lock(key);
      try {
        const entry = this.#store.get(key);
        if (!entry) return undefined;
        if (trigger === "timeout" && entry.expiresAt > this.#o.clock.now()) {
          this.#schedule(entry); // extended by a duplicate meanwhile
          return undefined;
        }
        return await this.#runDelete(entry, trigger);
      } finally {
        release();
      }
    }));
    return result ? this.#report(commandId ? { ...result, commandId } : result) : undefined;
  }

  async #runDelete(entry: ActiveEntry, trigger: NonNullable<ExecutionResult["trigger"]>): Promise<ExecutionResult> {
    this.#timers.get(entry.key)?.cancel();
    this.#timers.delete(entry.key);
    this.#store.markDeleting(entry.key);
    const at = this.#o.clock.now();
    const parsed = parseMessage(entry.payload);
    const base = { command: "delete" as const, name: entry.name, executable: entry.executable, key: entry.key, origin: entry.origin, at, timeoutSec: 0, trigger, ...(entry.ruleId ? { ruleId: entry.ruleId } : {}), ...(entry.alertId ? { alertId: entry.alertId } : {}), ...(entry.target ? { target: entry.target } : {}) };
    let outcome: ActionResult;
    if (!parsed.ok || !isSafeFileName(entry.executable)) {
      outcome = { outcome: "failed", exitCode: null, durationMs: 0, code: "AR_BAD_MESSAGE", reason: "stored delete payload is unusable", handshake: "not-applicable" };
    } else {
      const path = join(this.#o.home, "active-response", "bin", entry.executable);
      this.#log.write(entry.program, "Starting");
      this.#log.write(entry.program, entry.payload);
      const action = this.#action({ path, executable: entry.executable, program: entry.program, legacyArgs: entry.legacyArgs });
      outcome = await withWatchdog(this.#o.clock, this.#watchdogMs, this.#cancel.signal, (signal) => action.delete(parsed.message, { signal }));
      this.#log.write(entry.program, "Ended");
    }
    this.#settleDelete(entry, outcome, at);
    const { handshake: _h, ...rest } = outcome;
    return { ...base, ...rest };
  }

  /**
   * Removes the entry once its delete ran. Kept when the delete was cut by stop() (it runs
   * again at the next start) or could not start (the executable is missing, e.g. during an
   * upgrade: retried every minute for a day, then given up with an error).
   */
  #settleDelete(entry: ActiveEntry, outcome: ActionResult, at: number): void {
    if (outcome.outcome === "killed" && this.#cancel.signal.aborted) return;
    if (outcome.code === "AR_SPAWN_FAILED" && at - entry.expiresAt < DELETE_RETRY_FOR_MS) {
      this.#logger.warn("A delete could not start; retrying in a minute", { code: "AR_SPAWN_FAILED", key: entry.key, reason: outcome.reason });
      this.#timers.set(entry.key, this.#o.clock.setTimeout(() => {
        this.#timers.delete(entry.key);
        void this.#track(this.#delete(entry.key, "timeout"));
      }, DELETE_RETRY_MS));
      return;
    }
    if (outcome.code === "AR_SPAWN_FAILED") this.#logger.error("Gave up a delete that could not start for a day", { code: "AR_SPAWN_FAILED", key: entry.key });
    this.#store.remove(entry.key);
  }

  active(): ActiveResponse[] {
    const now = this.#o.clock.now();
    return this.#store.all().map((e) => ({
      key: e.key, name: e.name, executable: e.executable, origin: e.origin, startedAt: e.startedAt, expiresAt: e.expiresAt,
      timeLeftMs: Math.max(0, e.expiresAt - now), offence: e.offence,
      ...(e.target ? { target: e.target } : {}), ...(e.ruleId ? { ruleId: e.ruleId } : {}), ...(e.alertId ? { alertId: e.alertId } : {}),
    }));
  }

  lift(key: string, meta: { readonly commandId?: string } = {}): Promise<ExecutionResult | undefined> {
    return this.#track(this.#delete(key, "lift", meta.commandId));
  }

  async start(): Promise<void> {
    this.#stopping = false;
    this.#pruneOffenders();
    const now = this.#o.clock.now();
    for (const entry of this.#store.all()) {
      if (entry.deleting || entry.expiresAt <= now) {
        this.#logger.info("Running an overdue delete from before the restart", { code: "EXECD_RECONCILED", key: entry.key, name: entry.name });
        void this.#track(this.#delete(entry.key, "reconcile"));
      } else {
        this.#schedule(entry);
      }
    }
  }

  /** Forgets decayed offenders now and once a day (the table would grow with every address seen). */
  #pruneOffenders(): void {
    this.#pruneTimer?.cancel();
    this.#store.pruneOffenders(this.#o.clock.now() - this.#offenders().decayMs);
    this.#pruneTimer = this.#o.clock.setTimeout(() => this.#pruneOffenders(), 86_400_000);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#pruneTimer?.cancel();
    for (const t of this.#timers.values()) t.cancel();
    this.#timers.clear();
    const cancel = this.#cancel;
    const grace = this.#o.clock.setTimeout(() => cancel.abort(new Error("the execd is stopping")), this.#o.stopGraceMs ?? 5_000);
    await this.settled();
    grace.cancel();
    this.#cancel = new AbortController();
    if (this.#o.liftOnStop) {
      await Promise.all(this.#store.all().map((e) => this.#track(this.#delete(e.key, "stop"))));
    }
    await this.#log.close();
  }

  async settled(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#inflight.add(p);
    void p.finally(() => this.#inflight.delete(p)).catch(() => undefined);
    return p;
  }

  #report(result: ExecutionResult): ExecutionResult {
    try {
      this.#o.onResult?.(result);
    } catch (error: unknown) {
      this.#logger.error("onResult threw", { error });
    }
    return result;
  }
}
