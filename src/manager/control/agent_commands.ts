/**
 * The control commands the manager itself serves: `agents.list` (for `riposte control -l`),
 * `agents.remove` (revocation), `status` (counters, backlog, analysis figures).
 * Must not: trust `args` (validated here).
 */
import type { AgentRecord, AgentRegistry } from "../agents/mod.ts";
import type { ControlRegistry } from "./control_server.ts";
import { ManagerError } from "../manager_error.ts";

interface ManagerView {
  registry(): AgentRegistry;
  revoke(agentId: string): Promise<boolean>;
  stats(): unknown;
}

/** What `agents.list` returns per agent (no certificate material). */
export interface AgentSummary {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly groups: readonly string[];
  readonly version: string;
  readonly status: string;
  readonly lastKeepalive: number;
  readonly dropped: number;
}

const summary = (a: AgentRecord): AgentSummary => ({
  id: a.id, name: a.name, ip: a.ip, groups: a.groups, version: a.version, status: a.status, lastKeepalive: a.lastKeepalive, dropped: a.dropped,
});

export function registerAgentCommands(control: ControlRegistry, manager: ManagerView): void {
  if (control.commands().includes("agents.list")) return;
  control.register("agents.list", (args) => {
    const all = typeof args === "object" && args !== null && (args as { all?: unknown }).all === true;
    return manager.registry().list({ includeRevoked: all }).map(summary);
  });
  control.register("agents.remove", async (args) => {
    const id = typeof args === "object" && args !== null ? (args as { id?: unknown }).id : undefined;
    if (typeof id !== "string" || !/^[0-9]{3,8}$/.test(id)) throw new ManagerError("AGENT_UNKNOWN", "Expected {\"id\": \"001\"}");
    if (!(await manager.revoke(id))) throw new ManagerError("AGENT_UNKNOWN", `No registered agent "${id}" to remove`);
    return { id, status: "revoked" };
  });
  control.register("status", () => manager.stats());
}
