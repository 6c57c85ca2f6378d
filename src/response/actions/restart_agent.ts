/**
 * restart-agent: signals the running Riposte agent: the pid in HOME/var/run/riposte-agent.pid
 * when that file exists, else the nearest process, starting from this one and going up its
 * ancestors, whose command line is `… riposte… agent|manager …` (in-process that is the agent
 * itself; as an executable, the execd that spawned it). SIGHUP by default (reload
 * configuration), or extra_args `signal=TERM` (stop; the service manager restarts it). The pid
 * must be a live process whose command line names riposte, so a stale pid file never signals
 * a stranger; pid 1 is refused. Stateless (no check_keys); delete does nothing.
 * Must not: start processes.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResponseAction } from "../action.ts";
import { ActionError } from "./action_error.ts";
import { builtinAction, type BuiltinHooks } from "./builtin_action.ts";
import { extraOptions } from "./message_fields.ts";

export const AGENT_PID_FILE = "var/run/riposte-agent.pid";
/** The manager's (its local agent 000 runs inside it): used when HOME has no agent pid file. */
export const MANAGER_PID_FILE = "var/run/riposte-manager.pid";

export interface RestartAgentOptions extends BuiltinHooks {
  /** The Riposte home holding var/run/riposte-agent.pid. */
  readonly home?: string;
  /** @default HOME/var/run/riposte-agent.pid, else HOME/var/run/riposte-manager.pid when only that exists */
  readonly pidFile?: string;
  /** @default /proc */
  readonly procRoot?: string;
  /** Where the ancestor search starts when there is no pid file. @default process.pid */
  readonly selfPid?: number;
}

function cmdline(procRoot: string, pid: number): string[] | undefined {
  try {
    return readFileSync(join(procRoot, String(pid), "cmdline"), "utf8").split("\0").filter((a) => a !== "");
  } catch {
    return undefined;
  }
}

function parentOf(procRoot: string, pid: number): number | undefined {
  try {
    const stat = readFileSync(join(procRoot, String(pid), "stat"), "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** The nearest of `self` and its ancestors running `riposte… agent|manager`. */
export function findAgentPid(procRoot: string, self: number): number | undefined {
  for (let p: number | undefined = self, hops = 0; p !== undefined && hops < 32; p = parentOf(procRoot, p), hops++) {
    const args = cmdline(procRoot, p) ?? [];
    const at = args.findIndex((a) => /(^|\/)riposte(\.ts)?$/.test(a));
    if (at >= 0 && (args[at + 1] === "agent" || args[at + 1] === "manager")) return p;
  }
  return undefined;
}

function readPid(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (error: unknown) {
    throw new ActionError("ACTION_BAD_TARGET", `cannot read the agent pid file ${file}: ${(error as Error).message}`);
  }
  if (!/^\d{1,10}$/.test(text) || Number(text) <= 1) throw new ActionError("ACTION_BAD_TARGET", `${file} does not hold a valid agent pid`);
  return Number(text);
}

export function restartAgent(options: RestartAgentOptions = {}): ResponseAction {
  const procRoot = options.procRoot ?? "/proc";
  return builtinAction<NodeJS.Signals | ActionError>({
    name: "restart-agent",
    target(m) {
      const s = extraOptions(m).get("signal") ?? "HUP";
      return s === "HUP" || s === "TERM" ? (`SIG${s}` as NodeJS.Signals) : new ActionError("ACTION_BAD_OPTION", "extra_args signal= must be HUP or TERM");
    },
    add(signal, ctx) {
      if (signal instanceof ActionError) return Promise.reject(signal);
      const home = options.home ?? process.cwd();
      const agentFile = join(home, AGENT_PID_FILE);
      const file = options.pidFile ?? (existsSync(agentFile) || !existsSync(join(home, MANAGER_PID_FILE)) ? agentFile : join(home, MANAGER_PID_FILE));
      const found = existsSync(file) ? undefined : findAgentPid(procRoot, options.selfPid ?? process.pid);
      const pid = found ?? readPid(file);
      let cmdline = "";
      try {
        cmdline = readFileSync(join(procRoot, String(pid), "cmdline"), "utf8");
      } catch {
        throw new ActionError("ACTION_BAD_TARGET", `the agent (pid ${pid} from ${file}) is not running`);
      }
      if (!/riposte/i.test(cmdline)) throw new ActionError("ACTION_REFUSED", `pid ${pid} from ${file} is not a Riposte process (stale pid file)`);
      try {
        process.kill(pid, signal);
      } catch (error: unknown) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new ActionError(code === "EPERM" ? "ACTION_PERMISSION_DENIED" : "ACTION_COMMAND_FAILED", `kill -${signal} ${pid}: ${(error as Error).message}`);
      }
      ctx.log(`Sent ${signal} to the agent (pid ${pid})`);
      return Promise.resolve();
    },
    delete: () => Promise.resolve(),
  }, options);
}
