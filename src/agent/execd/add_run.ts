/**
 * One add run (wazuh-ar.md §3.3 steps 2–9, §3.6): spawns the action, and when it reports
 * its keys takes the key lock and decides: timeout 0 → continue, no entry; an active entry
 * for the key → abort and restart its clock (duplicates do not escalate, §8.2(h) fixed);
 * otherwise count the offence (with decay), pick the escalated timeout, write the entry
 * before the script acts, continue. A malformed check_keys line gets a key unique to this
 * message (§8.2(g) fixed). Legacy-form commands are keyed up front on (executable, user, ip)
 * as OSSEC did, so they are undone even if they never answer.
 * Must not: throw (every path yields a result) or hold a key lock after the run.
 */
import { createHash } from "node:crypto";
import type { Clock, Logger } from "../../core/mod.ts";
import { dedupKey, escalatedTimeoutSec, serializeMessage, toScriptInput, withCommand, type ArMessage, type Decision, type KeysAnswer, type ResponseAction } from "../../response/mod.ts";
import type { ArLog } from "./ar_log.ts";
import { originKind, type ExecutionResult, type MessageFacts } from "./execution_result.ts";
import type { Lanes } from "./lanes.ts";
import type { ResolvedCommand } from "./security_control.ts";
import type { ActiveEntry, TimeoutStore } from "./timeout_store.ts";

export interface AddDeps {
  readonly clock: Clock;
  readonly store: TimeoutStore;
  readonly lanes: Lanes;
  readonly log: ArLog;
  readonly logger: Logger;
  readonly offenders: { readonly minutes: readonly number[]; readonly decayMs: number };
}

export interface AddJob {
  readonly command: ResolvedCommand;
  readonly message: ArMessage;
  readonly facts: MessageFacts;
  readonly action: ResponseAction;
  readonly commandId: string | undefined;
  readonly schedule: (entry: ActiveEntry) => void;
  /** The run's signal aborts after this long (in-process actions stop; processes are killed). */
  readonly watchdogMs: number;
  /** Aborts the run early (the execd is stopping and its grace ran out). */
  readonly cancel: AbortSignal;
}

/**
 * Runs `fn` with a signal that aborts after `ms` (the watchdog for every action, in-process
 * ones included; ExecutableAction also has its own).
 */
export async function withWatchdog<T>(clock: Clock, ms: number, cancel: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = clock.setTimeout(() => controller.abort(new Error(`ran longer than the ${ms} ms watchdog`)), ms);
  const onCancel = () => controller.abort(cancel.reason);
  if (cancel.aborted) onCancel();
  else cancel.addEventListener("abort", onCancel, { once: true });
  try {
    return await fn(controller.signal);
  } finally {
    timer.cancel();
    cancel.removeEventListener("abort", onCancel);
  }
}

interface Held {
  key?: string;
  release?: () => void;
  timeoutSec: number;
  expiresAt?: number;
  /** The run is over (the script died while its decision waited for the key lock). */
  over?: boolean;
}


function uniqueKey(executable: string, message: ArMessage): string {
  return `${executable}-#${createHash("sha256").update(serializeMessage(message)).digest("hex").slice(0, 16)}`;
}

/** The decision for `key`, with the entry written or extended; the key lock is held in `held`. */
async function decideFor(deps: AddDeps, job: AddJob, input: ArMessage, key: string, held: Held): Promise<Decision> {
  const release = await deps.lanes.lock(key);
  if (held.over) {
    release(); // nobody would release it: the run ended while this decision waited
    return "abort";
  }
  held.release = release;
  held.key = key;
  const now = deps.clock.now();
  const existing = deps.store.get(key);
  if (existing && !existing.deleting) {
    deps.store.extend(key, now, existing.durationMs);
    held.timeoutSec = Math.round(existing.durationMs / 1000);
    held.expiresAt = now + existing.durationMs;
    job.schedule({ ...existing, startedAt: now, expiresAt: held.expiresAt });
    return "abort";
  }
  const before = deps.offenders.minutes.length > 0 ? deps.store.offence(key, now, deps.offenders.decayMs) : 0;
  const timeoutSec = escalatedTimeoutSec(job.command.timeoutSec, before, deps.offenders.minutes);
  const entry: Omit<ActiveEntry, "deleting"> = {
    key, name: job.command.name, executable: job.command.executable, program: job.command.program,
    legacyArgs: job.command.legacyArgs, payload: serializeMessage(withCommand(input, "delete")),
    startedAt: now, durationMs: timeoutSec * 1000, expiresAt: now + timeoutSec * 1000, origin: originKind(job.message),
    offence: before + 1,
    ...(job.facts.ruleId ? { ruleId: job.facts.ruleId } : {}), ...(job.facts.alertId ? { alertId: job.facts.alertId } : {}),
    ...(job.facts.target ? { target: job.facts.target } : {}),
  };
  deps.store.insert(entry);
  held.timeoutSec = timeoutSec;
  held.expiresAt = entry.expiresAt;
  job.schedule({ ...entry, deleting: false });
  return "continue";
}

function keyFromAnswer(deps: AddDeps, job: AddJob, input: ArMessage, answer: KeysAnswer): string {
  if (answer.kind === "keys") {
    const key = dedupKey(job.command.executable, answer.keys);
    if (key) return key;
  }
  deps.logger.warn("A script answered a malformed check_keys line: using a key unique to this message", {
    code: "AR_BAD_CHECK_KEYS", program: job.command.program,
  });
  return uniqueKey(job.command.executable, input);
}

export async function runAdd(deps: AddDeps, job: AddJob): Promise<ExecutionResult> {
  const at = deps.clock.now();
  const input = toScriptInput(job.message, job.command.program);
  const held: Held = { timeoutSec: 0 };
  const base = {
    command: "add" as const, name: job.command.name, executable: job.command.executable, origin: originKind(job.message), at,
    ...(job.commandId ? { commandId: job.commandId } : {}), ...(job.facts.ruleId ? { ruleId: job.facts.ruleId } : {}),
    ...(job.facts.alertId ? { alertId: job.facts.alertId } : {}), ...(job.facts.target ? { target: job.facts.target } : {}),
  };
  const program = job.command.program;
  try {
    const stateful = job.command.timeoutSec > 0;
    if (stateful && job.command.legacyArgs) {
      const legacyKey = [job.command.executable, job.facts.dstuser ?? "-", job.facts.ips[0] ?? "-"].join("-");
      if ((await decideFor(deps, job, input, legacyKey, held)) === "abort") {
        return { ...base, key: legacyKey, outcome: "aborted", exitCode: null, durationMs: 0, timeoutSec: held.timeoutSec, ...(held.expiresAt ? { expiresAt: held.expiresAt } : {}) };
      }
    }
    deps.log.write(program, "Starting");
    deps.log.write(program, serializeMessage(input));
    let decision: Decision | undefined;
    const result = await withWatchdog(deps.clock, job.watchdogMs, job.cancel, (signal) => job.action.add(input, {
      signal,
      grantedTimeoutSec: () => (decision === "continue" && held.timeoutSec > 0 ? held.timeoutSec : undefined),
      decide: async (answer) => {
        if (answer.line !== undefined) deps.log.write(program, answer.line);
        if (held.key) decision = "continue"; // legacy: already keyed and recorded
        else if (!stateful) decision = "continue"; // Wazuh compat: timeout 0 always continues, no dedup
        else decision = await decideFor(deps, job, input, keyFromAnswer(deps, job, input, answer), held);
        deps.log.write(program, serializeMessage(withCommand(input, decision)));
        return decision;
      },
    }));
    deps.log.write(program, result.outcome === "aborted" ? "Aborted" : "Ended");
    const { handshake: _h, ...rest } = result;
    return { ...base, ...rest, ...(held.key ? { key: held.key } : {}), timeoutSec: held.timeoutSec, ...(held.expiresAt ? { expiresAt: held.expiresAt } : {}) };
  } catch (error: unknown) {
    deps.logger.error("An add run failed inside the execd", { error, program });
    return { ...base, outcome: "failed", exitCode: null, durationMs: deps.clock.now() - at, code: "ERR_INTERNAL", reason: error instanceof Error ? error.message : "internal error", timeoutSec: 0 };
  } finally {
    held.over = true;
    held.release?.();
  }
}
