/**
 * host-deny: TCP-wrappers deny lines, one exact line per address: `ALL: 203.0.113.5`, and
 * for IPv6 the bracketed form TCP wrappers expects, `ALL: [2001:db8::1]`. Under a lock file;
 * add appends only when the exact line is absent; delete removes exactly that line (never
 * `10.0.0.10` when deleting `10.0.0.1`, never a comment) via a temp file and rename.
 * File: option `file`, or extra_args `file=/abs/path`. check_keys: [address].
 * Must not: touch any other line, follow a relative or `..` path.
 */
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import type { ResponseAction } from "../action.ts";
import { ActionError, ActionKilled } from "./action_error.ts";
import { builtinAction, type BuiltinHooks } from "./builtin_action.ts";
import { withFileLock } from "./file_lock.ts";
import { extraOptions, ipTarget, type IpTarget } from "./message_fields.ts";

export const DEFAULT_HOSTS_DENY = "/etc/hosts.deny";

export interface HostDenyOptions extends BuiltinHooks {
  /** @default /etc/hosts.deny */
  readonly file?: string;
  /** How long to wait for another run's lock. @default 10,000 */
  readonly lockWaitMs?: number;
}

interface DenyTarget extends IpTarget {
  readonly file: string;
}

export function hostDenyLine(ip: IpTarget): string {
  return ip.family === 6 ? `ALL: [${ip.ip}]` : `ALL: ${ip.ip}`;
}

function safePath(p: string): boolean {
  return p.startsWith("/") && !p.split("/").includes("..") && !/[\u0000-\u001f]/.test(p) && p.length < 4096;
}

function readLines(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

function writeAtomically(file: string, lines: readonly string[]): void {
  const tmp = `${file}.riposte-tmp`;
  writeFileSync(tmp, lines.length === 0 ? "" : lines.join("\n") + "\n", { mode: 0o644 });
  if (existsSync(file)) chmodSync(tmp, statSync(file).mode & 0o7777);
  renameSync(tmp, file);
}

function fsError(error: unknown, file: string): ActionError | ActionKilled {
  if (error instanceof ActionError || error instanceof ActionKilled) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new ActionError(code === "EACCES" || code === "EPERM" || code === "EROFS" ? "ACTION_PERMISSION_DENIED" : "ACTION_COMMAND_FAILED", `${file}: ${(error as Error).message}`);
}

export function hostDeny(options: HostDenyOptions = {}): ResponseAction {
  const edit = async (t: DenyTarget, signal: AbortSignal, change: (lines: string[], line: string) => string[] | undefined) => {
    try {
      await withFileLock(`${t.file}.riposte-lock`, () => {
        const next = change(readLines(t.file), hostDenyLine(t));
        if (next) writeAtomically(t.file, next);
      }, options.lockWaitMs, signal);
    } catch (error: unknown) {
      throw fsError(error, t.file);
    }
  };
  return builtinAction<DenyTarget>({
    name: "host-deny",
    target(m) {
      const ip = ipTarget(m);
      if (ip instanceof ActionError) return ip;
      const file = extraOptions(m).get("file") ?? options.file ?? DEFAULT_HOSTS_DENY;
      return safePath(file) ? { ...ip, file } : new ActionError("ACTION_BAD_OPTION", "host-deny file must be an absolute path without '..'");
    },
    keys: (t) => [t.ip],
    async add(t, ctx) {
      await edit(t, ctx.signal, (lines, line) => (lines.some((l) => l.trim() === line) ? undefined : [...lines, line]));
      ctx.log(`Denied ${t.ip} in ${t.file}`);
    },
    async delete(t, ctx) {
      await edit(t, ctx.signal, (lines, line) => (lines.some((l) => l.trim() === line) ? lines.filter((l) => l.trim() !== line) : undefined));
      ctx.log(`Removed ${t.ip} from ${t.file}`);
    },
  }, options);
}
