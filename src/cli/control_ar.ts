/**
 * The active-response part of `riposte control` (DESIGN §1): `-L` response names,
 * `-b IP -f NAME (-u ID[,ID] | -a)` run a response, `--active [-u ID]` list active responses
 * with time left and origin, `--lift KEY [-u ID]` run the delete now, `--breaker` and
 * `--breaker-reset` show and close the response circuit breaker. Each is one request
 * on the manager's control socket (commands ar.names, ar.run, ar.active, ar.lift, ar.breaker, ar.breaker_reset, served by
 * manager/dispatch registerArCommands). control.ts merges these options and calls
 * runArControl first.
 * Must not: talk to agents (the manager does) or validate beyond the command line's shape.
 */
import { controlRequest } from "../manager/mod.ts";
import type { CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { UsageError } from "./args.ts";

export const AR_CONTROL_OPTIONS = {
  "list-responses": { type: "boolean", short: "L" },
  block: { type: "string", short: "b" },
  response: { type: "string", short: "f" },
  agents: { type: "string", short: "u" },
  "all-agents": { type: "boolean", short: "a" },
  active: { type: "boolean" },
  lift: { type: "string" },
  force: { type: "boolean" },
  breaker: { type: "boolean" },
  "breaker-reset": { type: "boolean" },
} as const;

export const AR_CONTROL_HELP = `Active response:
  -L                   List response names (the manager's ar.conf, restart lines skipped).
  -b IP -f NAME (-u ID[,ID] | -a)
                       Run response NAME (e.g. firewall-drop600, or !file) with srcip IP
                       on the listed agents or on all agents. Add --force to run it even
                       where the self-lockout guard refuses the address (recorded).
  --breaker            Show the response circuit breaker: each scope, its limit, the
                       responses in the window, open or closed, suppressed responses.
  --breaker-reset [-f NAME]
                       Close the circuit breaker now (all scopes, or block NAME's).
  --active [-u ID]     List active responses: agent, key, name, target, origin, time left.
  --lift KEY [-u ID]   Run the delete of the active response KEY now (on ID, or wherever
                       the manager knows it is active).
`;

export interface ArControlValues {
  readonly "list-responses"?: boolean;
  readonly block?: string;
  readonly response?: string;
  readonly agents?: string;
  readonly "all-agents"?: boolean;
  readonly active?: boolean;
  readonly lift?: string;
  readonly force?: boolean;
  readonly breaker?: boolean;
  readonly "breaker-reset"?: boolean;
}

type Reply = { ok: boolean; data?: unknown; code?: string; message?: string };

function columns(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n") + "\n";
}

function duration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

const human = {
  names: (data: unknown) => (data as { name: string; executable: string }[]).map((n) => `Response name: ${n.name}, command: ${n.executable}\n`).join(""),
  decisions: (data: unknown) => columns(["AGENT", "DECISION", "CODE", "REASON"], (data as { agent: string | null; decision: string; code: string | null; reason: string | null }[])
    .map((d) => [d.agent ?? "-", d.decision, d.code ?? "", d.reason ?? ""])),
  active: (data: unknown) => columns(["AGENT", "KEY", "NAME", "TARGET", "ORIGIN", "RULE", "ALERT", "TIME LEFT"], (data as { agentId: string; key: string; name: string; target?: string; origin: string; ruleId?: string; alertId?: string; timeLeftMs: number }[])
    .map((a) => [a.agentId, a.key, a.name, a.target ?? "-", a.origin, a.ruleId ?? "-", a.alertId ?? "-", duration(a.timeLeftMs)])),
  breaker: (data: unknown) => {
    if (data === null) return "No circuit breaker is configured.\n";
    const b = data as { windowSec: number; quietSec: number; scopes: { scope: string; limit: number; open: boolean; inWindow: number; suppressed: number; closesAt?: number }[] };
    const head = `Circuit breaker: window ${b.windowSec}s, closes after ${b.quietSec}s quiet\n`;
    return head + columns(["SCOPE", "LIMIT", "IN WINDOW", "STATE", "SUPPRESSED", "CLOSES AT"], b.scopes.map((s) => [
      s.scope === "*" ? "all" : s.scope, String(s.limit), String(s.inWindow), s.open ? "OPEN" : "closed", String(s.suppressed),
      s.closesAt ? new Date(s.closesAt).toISOString() : "-",
    ]));
  },
};

function agentsOf(values: ArControlValues): string[] | "all" | undefined {
  if (values["all-agents"]) return "all";
  if (values.agents === undefined) return undefined;
  return values.agents.split(",").map((id) => id.trim().padStart(3, "0"));
}

/**
 * Runs the AR action the options ask for; undefined when they ask for none (control.ts
 * then handles its own options). Throws UsageError on an incomplete combination.
 */
export async function runArControl(values: ArControlValues, socket: string, io: CommandIO, json: boolean): Promise<number | undefined> {
  const send = async (cmd: string, args: Record<string, unknown>, render: (data: unknown) => string) => print(await controlRequest(socket, cmd, args), io, json, render);
  const agents = agentsOf(values);
  if (values["list-responses"]) return send("ar.names", {}, human.names);
  if (values.breaker) return send("ar.breaker", {}, human.breaker);
  if (values["breaker-reset"]) return send("ar.breaker_reset", values.response ? { scope: values.response } : {}, (d) => human.breaker((d as { state: unknown }).state));
  if (values.block !== undefined || values.response !== undefined) {
    if (values.block === undefined || values.response === undefined) throw new UsageError("-b IP and -f NAME go together");
    if (agents === undefined) throw new UsageError("-b needs -u ID[,ID] or -a");
    return send("ar.run", { name: values.response, ip: values.block, agents, ...(values.force ? { force: true } : {}) }, human.decisions);
  }
  const one = Array.isArray(agents) ? agents[0] : undefined;
  if (Array.isArray(agents) && agents.length !== 1) throw new UsageError("-u takes one agent id here");
  if (values.active) return send("ar.active", one ? { agent: one } : {}, human.active);
  if (values.lift !== undefined) return send("ar.lift", { key: values.lift, ...(one ? { agent: one } : {}) }, human.decisions);
  return undefined;
}

function print(r: Reply, io: CommandIO, json: boolean, render: (data: unknown) => string): number {
  if (json) io.stdout(`${JSON.stringify(r.ok ? { error: 0, data: r.data } : { error: 1, code: r.code, message: r.message })}\n`);
  else if (r.ok) io.stdout(render(r.data));
  else io.stderr(`riposte control: error ${r.code}: ${r.message}\n`);
  return r.ok ? EXIT.ok : EXIT.failure;
}
