/**
 * Routing (wazuh-ar.md §2.2, with Riposte's additions): which agents a response definition
 * runs on for an event. `server` → the manager (000); `local` → the event's agent (000 for
 * the manager's own logs); `defined-agent` → every listed id plus the members of the listed
 * agent groups (Wazuh: one id, #22497); `all` → every active agent, and the manager too
 * when includeManager (Wazuh: never, #3186).
 * Must not: check whether targets are online (the queue handles offline agents).
 */
import type { ResponseDefinition } from "../../response/mod.ts";
import type { AgentDirectory } from "./agent_directory.ts";

export const MANAGER_AGENT_ID = "000";

export interface Route {
  readonly targets: readonly string[];
  /** Listed ids the directory does not know. */
  readonly unknown: readonly string[];
}

export function routeTargets(def: ResponseDefinition, eventAgentId: string, agents: AgentDirectory): Route {
  switch (def.location) {
    case "server":
      return { targets: [MANAGER_AGENT_ID], unknown: [] };
    case "local":
      return { targets: [eventAgentId || MANAGER_AGENT_ID], unknown: [] };
    case "all": {
      const active = agents.list().filter((a) => a.status === "active" && a.id !== MANAGER_AGENT_ID).map((a) => a.id);
      return { targets: def.includeManager ? [MANAGER_AGENT_ID, ...active] : active, unknown: [] };
    }
    case "defined-agent": {
      const targets = new Set<string>();
      const unknown: string[] = [];
      for (const id of def.agentIds) {
        if (agents.get(id)) targets.add(id);
        else unknown.push(id);
      }
      if (def.agentGroups.length > 0) {
        for (const a of agents.list()) {
          if (a.id !== MANAGER_AGENT_ID && a.groups.some((g) => def.agentGroups.includes(g))) targets.add(a.id);
        }
      }
      return { targets: [...targets], unknown };
    }
  }
}
