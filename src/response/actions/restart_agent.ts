/**
 * restart-agent: signals the running Riposte agent through its pid file
 * (HOME/var/run/riposte-agent.pid): SIGHUP by default (reload configuration), or
 * extra_args `signal=TERM` (stop; the service manager restarts it). The pid must be a
 * live process whose command line names riposte, so a stale pid file never signals a
 * stranger; pid 1 is refused. Stateless (no check_keys); delete does nothing.
 * Must not: start processes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResponseAction } from "../action.ts";
import { ActionError } from "./action_error.ts";
import { builtinAction, type BuiltinHooks } from "./builtin_action.ts";
import { extraOptions } from "./message_fields.ts";

export const AGENT_PID_FILE = "var/run/riposte-agent.pid";

export interface RestartAgentOptions extends BuiltinHooks {
  /** The Riposte home holding var/run/riposte-agent.pid. */
  readonly home?: string;
  /** @default HOME/var/run/riposte-agent.pid */
  readonly pidFile?: string;
  /** @default /proc */
  readonly procRoot?: string;
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
      const file = options.pidFile ?? join(options.home ?? process.cwd(), AGENT_PID_FILE);
      const pid = readPid(file);
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
