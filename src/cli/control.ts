/**
 * `riposte control [--home DIR] [-j] -l | --remove ID`: the agent_control of Riposte, over
 * the manager's control socket (HOME/var/run/control.sock). This file serves listing and
 * removal of agents; the active-response actions (-L, -b, --active, --lift) live in
 * control_ar.ts and are tried first.
 */
import { join } from "node:path";
import { controlRequest, type AgentSummary } from "../manager/mod.ts";
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { UsageError, parseCommandArgs, resolveHome } from "./args.ts";
import { absoluteHome } from "./daemon_io.ts";
import { AR_CONTROL_HELP, AR_CONTROL_OPTIONS, runArControl } from "./control_ar.ts";

const HELP = `Usage: riposte control [--home DIR] [-j] ( -l [--all] | --remove ID | -L | -b IP -f NAME (-u ID[,ID] | -a) | --active [-u ID] | --lift KEY [-u ID] | --breaker | --breaker-reset [-f NAME] )

Talks to the running manager through HOME/var/run/control.sock.

Options:
  -l, --list     List agents: id, name, IP, status, last keepalive, version, dropped events.
  --all          With -l: include removed (revoked) agents.
  --remove ID    Remove (revoke) agent ID: its live connection is closed at once and its
                 certificate refused from then on. Enroll it again to bring it back.
  -j, --json     Print JSON instead of a table.
  --home DIR     Riposte home (default $RIPOSTE_HOME, else /var/riposte).
  -h, --help     Show this help.

${AR_CONTROL_HELP}`;

function table(agents: readonly AgentSummary[]): string {
  const rows = agents.map((a) => [a.id, a.name, a.ip, a.status, a.lastKeepalive ? new Date(a.lastKeepalive).toISOString() : "never", a.version || "-", String(a.dropped)]);
  const head = ["ID", "NAME", "IP", "STATUS", "LAST KEEPALIVE", "VERSION", "DROPPED"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n") + "\n";
}

export const controlCommand: Command = {
  name: "control",
  summary: "List and remove agents; list, run and lift active responses",
  help: HELP,
  async run(argv: readonly string[], io: CommandIO): Promise<number> {
    const { values } = parseCommandArgs(argv, {
      list: { type: "boolean", short: "l" }, all: { type: "boolean" }, remove: { type: "string" }, json: { type: "boolean", short: "j" }, home: { type: "string" },
      ...AR_CONTROL_OPTIONS,
    });
    const socket = join(absoluteHome(resolveHome(values.home, io.env), io), "var", "run", "control.sock");
    const ar = await runArControl(values, socket, io, values.json === true);
    if (ar !== undefined) return ar;
    if (values.list === true) {
      const r = await controlRequest(socket, "agents.list", { all: values.all === true });
      return print(r, io, values.json === true, (data) => table(data as AgentSummary[]));
    }
    if (values.remove !== undefined) {
      const r = await controlRequest(socket, "agents.remove", { id: values.remove });
      return print(r, io, values.json === true, () => `agent ${values.remove} removed\n`);
    }
    throw new UsageError("one of -l, --remove ID, -L, -b, --active, --lift, --breaker or --breaker-reset is required");
  },
};

function print(r: { ok: boolean; data?: unknown; code?: string; message?: string }, io: CommandIO, json: boolean, human: (data: unknown) => string): number {
  if (json) io.stdout(`${JSON.stringify(r.ok ? { error: 0, data: r.data } : { error: 1, code: r.code, message: r.message })}\n`);
  else if (r.ok) io.stdout(human(r.data));
  else io.stderr(`riposte control: error ${r.code}: ${r.message}\n`);
  return r.ok ? EXIT.ok : EXIT.failure;
}
