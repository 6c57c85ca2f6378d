/**
 * The executable side of a built-in: speaks Wazuh's script protocol on stdin/stdout (one
 * JSON line; on a stateful add, one check_keys line out and the continue/abort line back)
 * and also the positional form an operator types by hand
 * (`firewall-drop add - 203.0.113.5 1 5763`, extra `key=value` words become extra_args).
 * Action lines go to HOME/logs/active-responses.log (when HOME/logs exists) in Wazuh's line
 * format and, for errors, to stderr. The exit status is 0 for done or aborted, 1 otherwise.
 * Must not: call process.exit (the entry does), read more than one line per protocol step.
 */
import { appendFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import type { Decision, ResponseAction } from "../action.ts";
import { parseMessage, type ArMessage } from "../protocol.ts";

/** Longest stdin line a built-in reads (Wazuh's scripts: 64 KB). */
const MAX_LINE_BYTES = 65_536;

export interface ScriptIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** The Riposte home (logs go to HOME/logs/active-responses.log when that folder exists). */
  readonly home?: string;
  /** The program name in log lines: `active-response/bin/<name>`. */
  readonly program: string;
  readonly now?: () => number;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY/MM/DD HH:MM:SS program: message` in local time, control characters escaped. */
export function arLine(ms: number, program: string, message: string): string {
  const d = new Date(ms);
  const ts = `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${ts} ${program}: ${message.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)}\n`;
}

/** Builds the message of the positional form, or undefined when argv is not one. */
export function positionalMessage(argv: readonly string[]): ArMessage | undefined {
  const [command, user, ip, alertId, ruleId, agentId, file, ...rest] = argv;
  if (command !== "add" && command !== "delete") return undefined;
  const v = (s: string | undefined) => (s === undefined || s === "-" || s === "" ? undefined : s);
  const data: Record<string, string> = {};
  if (v(user)) data.dstuser = user as string;
  if (v(ip)) data.srcip = ip as string;
  const alert: Record<string, unknown> = { data };
  if (v(alertId)) alert.id = alertId;
  if (v(ruleId)) alert.rule = { id: ruleId };
  if (v(agentId)) alert.agent = { id: agentId };
  if (v(file)) alert.syscheck = { path: file };
  return { version: 1, origin: { name: null, module: "active-response" }, command, parameters: { extra_args: rest, alert } };
}

/** Reads lines one at a time from a stream. */
function lineReader(stream: Readable): () => Promise<string | undefined> {
  let buf = "";
  let ended = false;
  const waiters: (() => void)[] = [];
  stream.setEncoding("utf8");
  stream.on("data", (c: string) => {
    buf += c;
    waiters.splice(0).forEach((w) => w());
  });
  const end = () => {
    ended = true;
    waiters.splice(0).forEach((w) => w());
  };
  stream.on("end", end).on("error", end);
  return async () => {
    for (;;) {
      const nl = buf.indexOf("\n");
      if (nl >= 0 || buf.length > MAX_LINE_BYTES || ended) {
        const cut = nl >= 0 ? nl : Math.min(buf.length, MAX_LINE_BYTES);
        const line = buf.slice(0, cut);
        buf = buf.slice(nl >= 0 ? nl + 1 : cut);
        return line === "" && ended ? undefined : line.replace(/\r$/, "");
      }
      await new Promise<void>((r) => waiters.push(r));
    }
  };
}

/**
 * Runs one invocation. `make` builds the action with the log writer (the action writes its
 * own lines, errors included, to the log file). Returns the exit status.
 */
export async function runActionScript(make: (log: (line: string) => void) => ResponseAction, argv: readonly string[], io: ScriptIo): Promise<number> {
  const now = io.now ?? Date.now;
  const logFile = io.home !== undefined && existsSync(join(io.home, "logs")) ? join(io.home, "logs", "active-responses.log") : undefined;
  const log = (line: string, to: "file" | "stderr" | "both" = "file") => {
    if (to !== "file") io.stderr.write(`${io.program}: ${line}\n`);
    if (to !== "stderr" && logFile) {
      try {
        appendFileSync(logFile, arLine(now(), io.program, line));
      } catch {
        io.stderr.write(`${io.program}: cannot write ${logFile}\n`);
      }
    }
  };
  const action = make((line) => log(line));
  let message = positionalMessage(argv);
  let decide: (keys: readonly string[]) => Promise<Decision> = () => Promise.resolve("continue");
  if (message === undefined) {
    const read = lineReader(io.stdin);
    const parsed = parseMessage((await read()) ?? "");
    if (!parsed.ok || (parsed.message.command !== "add" && parsed.message.command !== "delete")) {
      log(`Error: ACTION_BAD_MESSAGE: ${parsed.ok ? "Invalid value of 'command'" : parsed.reason} (usage: ${io.program} add|delete USER IP [ALERTID RULEID], or one JSON line on stdin)`, "both");
      return 1;
    }
    message = parsed.message;
    decide = async (keys) => {
      io.stdout.write(JSON.stringify({ version: 1, origin: { name: action.name, module: "active-response" }, command: "check_keys", parameters: { keys } }) + "\n");
      const reply = parseMessage((await read()) ?? "");
      return reply.ok && reply.message.command === "continue" ? "continue" : "abort";
    };
  }
  const ctx = { signal: new AbortController().signal };
  const result = message.command === "delete"
    ? await action.delete(message, ctx)
    : await action.add(message, { ...ctx, decide: (a) => decide(a.kind === "keys" ? a.keys : []) });
  if (result.outcome === "aborted") log("Aborted");
  if (result.outcome === "failed") {
    log(`Failed: ${result.code ?? "ACTION_COMMAND_FAILED"}: ${result.reason ?? "unknown"}`, "stderr"); // the action already wrote its Error line to the file
    return 1;
  }
  return 0;
}
