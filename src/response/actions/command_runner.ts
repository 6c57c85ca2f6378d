/**
 * CommandRunner: how actions run system tools (nft, iptables, conntrack, ip, usermod…).
 * Always an argv array, never a shell; a fixed PATH; its own process group so a cancel
 * kills the tool and its children. `netns` prefixes `ip netns exec NS` (tests and benches
 * run every kernel change inside a namespace they own). A missing tool throws
 * ACTION_TOOL_MISSING; an abort throws ActionKilled; a non-zero exit is returned, and
 * `mustSucceed` turns it into ACTION_PERMISSION_DENIED or ACTION_COMMAND_FAILED.
 * Must not: interpret output beyond the exit status and the first error line.
 */
import { spawn } from "node:child_process";
import { responseEnv } from "../executable_action.ts";
import { ActionError, ActionKilled } from "./action_error.ts";

export interface CommandResult {
  readonly argv: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Written to the tool's stdin, which is then closed. */
  readonly input?: string;
  readonly signal?: AbortSignal;
}

/** Runs argv[0] with argv[1..]. MUST reject only with ActionError or ActionKilled. */
export type CommandRunner = (argv: readonly string[], options?: RunOptions) => Promise<CommandResult>;

export interface RunnerOptions {
  /** Run every command inside this network namespace (`ip netns exec NS …`). */
  readonly netns?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Longest output kept per stream (a tool listing 100k set elements stays below this). */
const MAX_OUTPUT_CHARS = 64 * 1024 * 1024;
const NETNS = /^[A-Za-z0-9_.-]{1,64}$/;

export function createCommandRunner(options: RunnerOptions = {}): CommandRunner {
  if (options.netns !== undefined && !NETNS.test(options.netns)) {
    throw new ActionError("ACTION_BAD_OPTION", `invalid network namespace name ${JSON.stringify(options.netns)}`);
  }
  const prefix = options.netns === undefined ? [] : ["ip", "netns", "exec", options.netns];
  const env = options.env ?? responseEnv();
  return (argv, run = {}) => spawnCommand([...prefix, ...argv], argv, env, run);
}

function spawnCommand(full: readonly string[], argv: readonly string[], env: NodeJS.ProcessEnv, run: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    if (run.signal?.aborted) return reject(new ActionKilled("cancelled before start"));
    const [file, ...args] = full;
    if (file === undefined) return reject(new ActionError("ACTION_BAD_OPTION", "empty command"));
    const child = spawn(file, args, { env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let killed = false;
    const onAbort = () => {
      killed = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    run.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.setEncoding("utf8").on("data", (d: string) => { if (stdout.length < MAX_OUTPUT_CHARS) stdout += d; });
    child.stderr.setEncoding("utf8").on("data", (d: string) => { if (stderr.length < MAX_OUTPUT_CHARS) stderr += d; });
    child.stdin.on("error", () => undefined); // the tool may exit before reading all input
    child.stdin.end(run.input ?? "");
    child.once("error", (error: NodeJS.ErrnoException) => {
      run.signal?.removeEventListener("abort", onAbort);
      const missing = error.code === "ENOENT";
      reject(new ActionError(missing ? "ACTION_TOOL_MISSING" : "ACTION_COMMAND_FAILED", `${argv[0]}: ${missing ? "not installed (not found in PATH)" : error.message}`, { cause: error }));
    });
    child.once("close", (code) => {
      run.signal?.removeEventListener("abort", onAbort);
      if (killed) return reject(new ActionKilled(`${argv[0]} cancelled`));
      if (code === 255 && /exec of ".*" failed: No such file/.test(stderr)) {
        return reject(new ActionError("ACTION_TOOL_MISSING", `${argv[0]}: not installed (not found in PATH)`));
      }
      resolve({ argv, code, stdout, stderr });
    });
  });
}

/** The first non-empty line of a tool's error output, bounded, for logs. */
export function firstErrorLine(r: CommandResult): string {
  const line = (r.stderr || r.stdout).split("\n").map((l) => l.trim()).find((l) => l !== "") ?? `exit status ${r.code}`;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

const DENIED = /Operation not permitted|Permission denied|must be root|are you root|only root/i;

/** Throws unless the command exited 0 (or with one of `okCodes`). */
export function mustSucceed(r: CommandResult, okCodes: readonly number[] = [0]): CommandResult {
  if (r.code !== null && okCodes.includes(r.code)) return r;
  const line = firstErrorLine(r);
  const what = `${r.argv.slice(0, 3).join(" ")}: ${line}`;
  throw new ActionError(DENIED.test(r.stderr) ? "ACTION_PERMISSION_DENIED" : "ACTION_COMMAND_FAILED", what, { details: { exitCode: r.code } });
}

/** Runs and requires success. */
export async function runChecked(run: CommandRunner, argv: readonly string[], options?: RunOptions): Promise<CommandResult> {
  return mustSucceed(await run(argv, options));
}
