/**
 * kill-process: kills the process an alert names, by pid (data.pid, data.audit.pid,
 * syscheck.audit.process.id) by default, or, when extra_args say `by=exe` or `by=name`, every
 * process running that executable (data.audit.exe, data.exe, syscheck.audit.process.name) or
 * with that name (data.process, data.audit.command): names come from logs, so matching many
 * processes is opt-in, and more than `max=N` matches (default 8) is refused.
 * `signal=TERM|KILL` (default KILL).
 * Refuses pid 1 (and 0), this process and every ancestor of it (the agent, its supervisor),
 * and names or paths outside strict patterns. check_keys: [`pid:N` | `exe:PATH` | `name:NAME`]
 * (with a timeout the execd dedups repeated kills). Nothing to undo: delete is a no-op.
 * Must not: signal a process group (negative pid), match by substring.
 */
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import type { ResponseAction } from "../action.ts";
import { isObject } from "../protocol.ts";
import { ActionError } from "./action_error.ts";
import { builtinAction, type BuiltinHooks } from "./builtin_action.ts";
import { alertOf, extraOptions, intOption } from "./message_fields.ts";

export interface KillProcessOptions extends BuiltinHooks {
  /** @default /proc */
  readonly procRoot?: string;
  /** The agent's pid (its ancestors are protected too). @default process.pid */
  readonly selfPid?: number;
}

type KillTarget = { readonly by: "pid"; readonly pid: number; readonly signal: NodeJS.Signals }
  | { readonly by: "exe" | "name"; readonly value: string; readonly signal: NodeJS.Signals; readonly max: number };

const PROCESS_NAME = /^[A-Za-z0-9_.:+@-][A-Za-z0-9_.:+@ -]{0,14}$/;
const EXE_PATH = /^\/[A-Za-z0-9_.+@\/-]{1,4095}$/;

function pick(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const p of path) cur = isObject(cur) ? cur[p] : undefined;
  return cur;
}

function first(alert: Readonly<Record<string, unknown>>, paths: readonly (readonly string[])[]): string | undefined {
  for (const p of paths) {
    const v = pick(alert, p);
    if (typeof v === "string" && v !== "") return v;
    if (typeof v === "number") return String(v);
  }
  return undefined;
}

export function killTarget(message: Parameters<ResponseAction["add"]>[0]): KillTarget | ActionError {
  const alert = alertOf(message);
  const opts = extraOptions(message);
  const sig = opts.get("signal") ?? "KILL";
  if (sig !== "KILL" && sig !== "TERM") return new ActionError("ACTION_BAD_OPTION", "extra_args signal= must be KILL or TERM");
  const signal: NodeJS.Signals = sig === "KILL" ? "SIGKILL" : "SIGTERM";
  const found = {
    pid: first(alert, [["data", "pid"], ["data", "audit", "pid"], ["syscheck", "audit", "process", "id"]]),
    exe: first(alert, [["data", "audit", "exe"], ["data", "exe"], ["syscheck", "audit", "process", "name"]]),
    name: first(alert, [["data", "process"], ["data", "audit", "command"]]),
  };
  const by = opts.get("by") ?? "pid";
  if (by === "pid") {
    if (!found.pid || !/^\d{1,10}$/.test(found.pid)) return new ActionError("ACTION_BAD_TARGET", "Cannot read a valid pid from the alert");
    return { by, pid: Number(found.pid), signal };
  }
  const max = intOption(opts, "max", 8, 1, 10_000);
  if (max instanceof ActionError) return max;
  if (by === "exe") return found.exe && EXE_PATH.test(found.exe) && !found.exe.includes("/../") ? { by, value: found.exe, signal, max } : new ActionError("ACTION_BAD_TARGET", "Cannot read a valid executable path from the alert");
  if (by === "name") return found.name && PROCESS_NAME.test(found.name) ? { by, value: found.name, signal, max } : new ActionError("ACTION_BAD_TARGET", "Cannot read a valid process name from the alert");
  return new ActionError("ACTION_BAD_OPTION", "extra_args by= must be pid, exe or name");
}

function parentOf(procRoot: string, pid: number): number | undefined {
  try {
    const stat = readFileSync(join(procRoot, String(pid), "stat"), "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** Pids that must never be killed: 0, 1, `self` and its ancestors. */
export function protectedPids(procRoot: string, self: number): Set<number> {
  const out = new Set<number>([0, 1]);
  for (let p: number | undefined = self; p !== undefined && p > 1 && !out.has(p); p = parentOf(procRoot, p)) out.add(p);
  return out;
}

function matches(procRoot: string, pid: string, t: Extract<KillTarget, { by: "exe" | "name" }>): boolean {
  try {
    if (t.by === "name") return readFileSync(join(procRoot, pid, "comm"), "utf8").replace(/\n$/, "") === t.value;
    return readlinkSync(join(procRoot, pid, "exe")).replace(/ \(deleted\)$/, "") === t.value;
  } catch {
    return false; // exited meanwhile, or a kernel thread without exe
  }
}

export function killProcess(options: KillProcessOptions = {}): ResponseAction {
  const procRoot = options.procRoot ?? "/proc";
  const self = options.selfPid ?? process.pid;
  return builtinAction<KillTarget>({
    name: "kill-process",
    target: killTarget,
    keys: (t) => [t.by === "pid" ? `pid:${t.pid}` : `${t.by}:${t.value}`],
    async add(t, ctx) {
      const guard = protectedPids(procRoot, self);
      const pids = t.by === "pid" ? [t.pid] : readdirSync(procRoot).filter((d) => /^\d+$/.test(d) && matches(procRoot, d, t)).map(Number);
      const refused = pids.filter((p) => guard.has(p));
      if (refused.length > 0) throw new ActionError("ACTION_REFUSED", `refusing to kill protected pid ${refused.join(", ")} (pid 1, the agent or its ancestors)`);
      if (t.by !== "pid" && pids.length > t.max) throw new ActionError("ACTION_REFUSED", `${pids.length} processes match ${t.by} ${t.value}: more than max=${t.max}, nothing killed`);
      let killed = 0;
      for (const pid of pids) {
        try {
          process.kill(pid, t.signal);
          killed++;
        } catch (error: unknown) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "EPERM") throw new ActionError("ACTION_PERMISSION_DENIED", `kill ${pid}: operation not permitted`);
        }
      }
      ctx.log(`Sent ${t.signal} to ${killed} process(es) matching ${t.by} ${t.by === "pid" ? t.pid : t.value}`);
    },
    delete: () => Promise.resolve(), // a killed process cannot be restored
  }, options);
}
