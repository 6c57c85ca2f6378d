/**
 * ExecutableAction: runs a Wazuh-style response executable (wazuh-ar.md §3.3). No shell, no
 * argv from the network (except the optional legacy positional form, built only from
 * validated fields); its own process group, so a watchdog kill takes its children too. Add:
 * one JSON line on stdin, stdin kept open, one check_keys line (≤ 8 KB) read back, the full
 * message answered with `continue` or `abort`, stdin closed. Delete: the JSON line, stdin
 * closed, stdout ignored. A script that reads stdin to EOF gets its stdin closed after the
 * handshake limit instead of deadlocking (Wazuh #29602).
 * Must not: resolve names or paths (execd's security control does), keep state between runs.
 */
import { systemClock, type Clock, type TimerHandle } from "../core/mod.ts";
import type { ActionContext, ActionResult, AddContext, KeysAnswer, ResponseAction } from "./action.ts";
import { legacyArgv } from "./legacy_args.ts";
import { responseStarter } from "./native_spawner.ts";
import type { ProcessStarter, ResponseProcess } from "./response_process.ts";
import { MAX_CHECK_KEYS_BYTES, parseCheckKeys, serializeMessage, withCommand, type ArMessage } from "./protocol.ts";

/** Default watchdog: a run longer than this is killed. */
export const DEFAULT_WATCHDOG_MS = 60_000;
/** Default wait for the check_keys line before stdin is closed. */
export const DEFAULT_HANDSHAKE_MS = 5_000;
/** PATH given to response executables (the daemon's own environment is not inherited). */
export const RESPONSE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The environment of a response executable: a fixed PATH and the locale and time zone of
 * the daemon, nothing else (no credentials or tokens from the daemon's environment).
 */
export function responseEnv(parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: RESPONSE_PATH };
  for (const k of ["TZ", "LANG", "LC_ALL"]) if (parent[k] !== undefined) env[k] = parent[k];
  return env;
}

const DEFAULT_ENV = responseEnv();

/** Wait after exit for stdout to end (a background child may hold it). */
const EXIT_GRACE_MS = 500;

export interface ExecutableActionOptions {
  /** Absolute path of the executable (already checked by the caller). */
  readonly path: string;
  /** Working directory (the Riposte home, like Wazuh's /var/ossec). */
  readonly cwd: string;
  /** Positional OSSEC argv: `add|delete user srcip alertid ruleid agent filename`. */
  readonly legacyArgs?: boolean;
  readonly clock?: Clock;
  readonly watchdogMs?: number;
  readonly handshakeMs?: number;
  /** @default responseEnv() */
  readonly env?: NodeJS.ProcessEnv;
  /** How the process is started. @default responseStarter().start (posix_spawn when built) */
  readonly start?: ProcessStarter;
}

export class ExecutableAction implements ResponseAction {
  readonly name: string;
  readonly #o: Required<Omit<ExecutableActionOptions, "env">> & { env?: NodeJS.ProcessEnv };

  constructor(options: ExecutableActionOptions) {
    this.name = options.path.slice(options.path.lastIndexOf("/") + 1);
    this.#o = {
      legacyArgs: false, clock: systemClock, watchdogMs: DEFAULT_WATCHDOG_MS, handshakeMs: DEFAULT_HANDSHAKE_MS,
      start: responseStarter().start, ...options,
    };
  }

  add(message: ArMessage, ctx: AddContext): Promise<ActionResult> {
    return this.#run(withCommand(message, "add"), ctx, (run) => this.#handshake(run, ctx));
  }

  delete(message: ArMessage, ctx: ActionContext): Promise<ActionResult> {
    return this.#run(withCommand(message, "delete"), ctx, (run) => {
      run.child.stdin?.end();
      run.child.stdout?.resume();
    });
  }

  #run(message: ArMessage, ctx: ActionContext, drive: (run: Run) => void): Promise<ActionResult> {
    const o = this.#o;
    const started = o.clock.now();
    const argv = o.legacyArgs ? legacyArgv(message) : [];
    return new Promise<ActionResult>((resolve) => {
      let child: ResponseProcess;
      try {
        child = o.start(o.path, argv, { cwd: o.cwd, env: o.env ?? DEFAULT_ENV, input: serializeMessage(message) + "\n" });
      } catch (error: unknown) {
        resolve(spawnFailure(started, o.clock, error));
        return;
      }
      const run = new Run(child, message, o.clock, started, resolve);
      run.arm(o.watchdogMs, ctx.signal);
      child.once("spawn", () => {
        ctx.onStart?.();
        drive(run);
      });
      child.once("error", (error) => run.finish(spawnFailure(started, o.clock, error)));
    });
  }

  #handshake(run: Run, ctx: AddContext): void {
    const silent = run.track(this.#o.clock.setTimeout(() => {
      run.handshake = "silent";
      run.child.stdin?.end();
    }, this.#o.handshakeMs));
    readFirstLine(run.child, (line) => {
      silent.cancel();
      if (run.handshake === "silent" || run.done) return;
      if (line === undefined) {
        run.handshake = "none";
        run.child.stdin?.end();
        return;
      }
      const keys = parseCheckKeys(line);
      const answer: KeysAnswer = keys ? { kind: "keys", keys, line } : { kind: "malformed", line };
      run.handshake = keys ? "keys" : "malformed";
      void ctx.decide(answer).then((decision) => {
        run.decision = decision;
        run.child.stdin?.end(serializeMessage(withCommand(run.message, decision)) + "\n");
      });
    });
  }
}

/** Calls `done` once with the first stdout line, or undefined at EOF / over the size limit. */
function readFirstLine(child: ResponseProcess, done: (line: string | undefined) => void): void {
  let buf = "";
  let called = false;
  const out = child.stdout;
  const finish = (line: string | undefined) => {
    if (called) return;
    called = true;
    done(line);
  };
  out?.setEncoding("utf8");
  out?.on("data", (chunk: string) => {
    if (called) return;
    buf += chunk;
    const nl = buf.indexOf("\n");
    if (nl >= 0) finish(buf.slice(0, nl).replace(/\r$/, ""));
    else if (buf.length > MAX_CHECK_KEYS_BYTES) finish(buf.slice(0, MAX_CHECK_KEYS_BYTES));
  });
  out?.on("end", () => finish(buf === "" ? undefined : buf));
  out?.on("error", () => finish(undefined));
}

function spawnFailure(started: number, clock: Clock, error: unknown): ActionResult {
  const reason = error instanceof Error ? error.message : "spawn failed";
  return { outcome: "failed", exitCode: null, durationMs: clock.now() - started, code: "AR_SPAWN_FAILED", reason, handshake: "not-applicable" };
}

/** One running process and the bookkeeping that turns its end into exactly one result. */
class Run {
  handshake: ActionResult["handshake"] = "not-applicable";
  decision: "continue" | "abort" | undefined;
  done = false;
  killedBy: string | undefined;
  readonly #timers: TimerHandle[] = [];
  readonly #resolve: (r: ActionResult) => void;
  readonly child: ResponseProcess;
  readonly message: ArMessage;
  readonly #clock: Clock;
  readonly #started: number;

  constructor(child: ResponseProcess, message: ArMessage, clock: Clock, started: number, resolve: (r: ActionResult) => void) {
    this.child = child;
    this.message = message;
    this.#clock = clock;
    this.#started = started;
    this.#resolve = resolve;
    child.once("exit", (code, signal) => this.#onExit(code, signal));
  }

  arm(watchdogMs: number, signal: AbortSignal): void {
    this.#timers.push(this.#clock.setTimeout(() => this.kill(`ran longer than the ${watchdogMs} ms watchdog`), watchdogMs));
    const onAbort = () => this.kill(signal.reason instanceof Error ? signal.reason.message : "cancelled");
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  }

  track(timer: TimerHandle): TimerHandle {
    this.#timers.push(timer);
    return timer;
  }

  kill(why: string): void {
    if (this.done || this.killedBy) return;
    this.killedBy = why;
    // A starter may still be starting the process (posix_spawn runs on a pool thread):
    // kill the group as soon as it exists.
    if (this.child.pid === undefined) this.child.once("spawn", () => this.#killGroup());
    else this.#killGroup();
  }

  #killGroup(): void {
    const pid = this.child.pid;
    try {
      if (pid !== undefined) process.kill(-pid, "SIGKILL");
    } catch {
      this.child.kill("SIGKILL"); // the group is already gone; make sure the leader is too
    }
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const out = this.child.stdout;
    const settle = () => {
      out?.destroy();
      this.child.stdin?.destroy();
      this.finish(this.#result(code, signal));
    };
    if (!out || out.readableEnded || out.destroyed) return settle();
    const grace = this.#clock.setTimeout(settle, EXIT_GRACE_MS);
    out.once("close", () => {
      grace.cancel();
      settle();
    });
  }

  #result(code: number | null, signal: NodeJS.Signals | null): ActionResult {
    const base = { exitCode: code, durationMs: this.#clock.now() - this.#started, handshake: this.handshake };
    if (this.killedBy) return { ...base, outcome: "killed", code: "AR_SCRIPT_KILLED", reason: `killed: ${this.killedBy}` };
    if (this.decision === "abort") return { ...base, outcome: "aborted" };
    if (code === 0) return { ...base, outcome: "done" };
    return { ...base, outcome: "failed", code: "AR_SCRIPT_FAILED", reason: signal ? `terminated by ${signal}` : `exit status ${code}` };
  }

  finish(result: ActionResult): void {
    if (this.done) return;
    this.done = true;
    for (const t of this.#timers) t.cancel();
    this.#resolve(result);
  }
}
