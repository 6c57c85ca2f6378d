/**
 * `GET /agents`, Wazuh-compatible: offset, limit (default 500), sort (`+name,-id`), search
 * (substring of any field; a leading `-` excludes), select (fields; `id` always), status
 * (comma list) and agents_list filters; Wazuh's agent field names (lastKeepAlive, dateAdd,
 * registerIP, group, node_name).
 * Must not: expose certificate material.
 */
import type { FastifyInstance } from "fastify";
import type { AgentRecord } from "../../manager/mod.ts";
import { ApiError } from "../api_error.ts";
import type { ApiContext, RouteConfig } from "../api_context.ts";
import { affectedItems, agentSchema, errorResponses } from "../schemas.ts";
import { page } from "./envelope.ts";

const FIELDS = Object.keys(agentSchema["properties"] as object);

interface Query { offset: number; limit: number; sort?: string; search?: string; select?: string; status?: string; agents_list?: string }

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");

function wazuhAgent(a: AgentRecord, managerName: string): Record<string, unknown> {
  return {
    id: a.id, name: a.name, ip: a.ip, registerIP: a.ip, status: a.status, version: a.version === "" ? "unknown" : a.version,
    group: [...a.groups], ...(a.lastKeepalive > 0 ? { lastKeepAlive: iso(a.lastKeepalive) } : {}), dateAdd: iso(a.registeredAt),
    node_name: "node01", manager: managerName, dropped_events: a.dropped,
  };
}

function compare(sort: string): (x: Record<string, unknown>, y: Record<string, unknown>) => number {
  const keys = sort.split(",").map((s) => ({ desc: s.startsWith("-"), field: s.replace(/^[+-]/, "").trim() }));
  for (const k of keys) if (!FIELDS.includes(k.field)) throw new ApiError("API_BAD_REQUEST", `Cannot sort by "${k.field.slice(0, 40)}": fields are ${FIELDS.join(", ")}`);
  return (x, y) => {
    for (const k of keys) {
      const c = String(x[k.field] ?? "").localeCompare(String(y[k.field] ?? ""), "en", { numeric: true });
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
}

function select(items: Record<string, unknown>[], fields: string): Record<string, unknown>[] {
  const wanted = new Set(["id", ...fields.split(",").map((f) => f.trim())]);
  for (const f of wanted) if (!FIELDS.includes(f)) throw new ApiError("API_BAD_REQUEST", `Cannot select "${f.slice(0, 40)}": fields are ${FIELDS.join(", ")}`);
  return items.map((i) => Object.fromEntries(Object.entries(i).filter(([k]) => wanted.has(k))));
}

const agentsQuery = {
  type: "object",
  properties: {
    offset: { type: "integer", minimum: 0, default: 0 },
    limit: { type: "integer", minimum: 1, maximum: 100_000, default: 500 },
    sort: { type: "string", pattern: "^[+-]?[A-Za-z_]+(,[+-]?[A-Za-z_]+)*$" },
    search: { type: "string", maxLength: 256 },
    select: { type: "string", pattern: "^[A-Za-z_]+(,[A-Za-z_]+)*$" },
    status: { type: "string", pattern: "^(active|pending|never_connected|disconnected)(,(active|pending|never_connected|disconnected))*$" },
    agents_list: { type: "string", pattern: "^\\d{3,8}(,\\d{3,8})*$" },
    pretty: { type: "boolean" },
    wait_for_complete: { type: "boolean" },
  },
};

export function agentsRoutes(app: FastifyInstance, ctx: ApiContext, managerName: string): void {
  app.get<{ Querystring: Query }>("/agents", {
    schema: {
      summary: "List agents (Wazuh-compatible filters)", tags: ["agents"],
      querystring: agentsQuery,
      response: { 200: affectedItems(agentSchema), ...errorResponses(400) },
    },
    config: { role: "read-only" } satisfies RouteConfig,
  }, async (request) => {
    const q = request.query;
    let items = ctx.services.agents.list().filter((a) => a.status !== "revoked").map((a) => wazuhAgent(a, managerName));
    if (q.agents_list) {
      const ids = new Set(q.agents_list.split(","));
      items = items.filter((i) => ids.has(i["id"] as string));
    }
    if (q.status) {
      const statuses = new Set(q.status.split(","));
      items = items.filter((i) => statuses.has(i["status"] as string));
    }
    if (q.search) {
      const negate = q.search.startsWith("-");
      const needle = (negate ? q.search.slice(1) : q.search).toLowerCase();
      items = items.filter((i) => Object.values(i).some((v) => JSON.stringify(v).toLowerCase().includes(needle)) !== negate);
    }
    items.sort(compare(q.sort ?? "+id"));
    const total = items.length;
    const shown = items.slice(q.offset, q.offset + q.limit);
    return page(q.select ? select(shown, q.select) : shown, total, "All selected agents information was returned");
  });
}
