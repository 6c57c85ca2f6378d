/**
 * `GET /alerts` (time range, rule, level range, agent, source IP, text search, pagination,
 * newest first) and `GET /alerts/summary` (alerts per minute by level and top source
 * addresses, for the dashboard's charts).
 * Must not: build SQL from input (alert_search.ts binds every value).
 */
import type { FastifyInstance } from "fastify";
import { ApiError } from "../api_error.ts";
import type { ApiContext, RouteConfig } from "../api_context.ts";
import { affectedItems, alertSchema, errorResponses } from "../schemas.ts";
import { page } from "./envelope.ts";

interface Query {
  from?: string; to?: string; rule_id?: string; level?: number; level_max?: number; agent_id?: string; srcip?: string; q?: string; offset: number; limit: number;
}

const TIME = { type: "string", maxLength: 40, description: "ms since epoch or an ISO 8601 date" };

function time(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const ms = /^\d{1,15}$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) throw new ApiError("API_BAD_REQUEST", `querystring/${name} is not a date: "${v.slice(0, 40)}"`);
  return ms;
}

export function alertsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  searchRoute(app, ctx);
  summaryRoute(app, ctx);
}

function searchRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: Query }>("/alerts", {
    schema: {
      summary: "Search stored alerts, newest first", tags: ["alerts"],
      querystring: {
        type: "object",
        properties: {
          from: TIME, to: TIME,
          rule_id: { type: "string", pattern: "^\\d{1,10}$" },
          level: { type: "integer", minimum: 0, maximum: 16, description: "minimum level" },
          level_max: { type: "integer", minimum: 0, maximum: 16 },
          agent_id: { type: "string", pattern: "^\\d{3,8}$" },
          srcip: { type: "string", maxLength: 64 },
          q: { type: "string", maxLength: 256, description: "text anywhere in the alert (ASCII case-insensitive), among the newest 100,000 alerts the other filters select" },
          offset: { type: "integer", minimum: 0, maximum: 1_000_000, default: 0 },
          limit: { type: "integer", minimum: 1, maximum: 1000, default: 50 },
        },
      },
      response: { 200: affectedItems(alertSchema, { total_is_capped: { type: "boolean" } }), ...errorResponses(400) },
    },
    config: { role: "read-only" } satisfies RouteConfig,
  }, async (request) => {
    const q = request.query;
    const from = time(q.from, "from");
    const to = time(q.to, "to");
    const result = ctx.services.alerts.search({
      ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(q.rule_id ? { ruleId: q.rule_id } : {}),
      ...(q.level !== undefined ? { minLevel: q.level } : {}), ...(q.level_max !== undefined ? { maxLevel: q.level_max } : {}),
      ...(q.agent_id ? { agentId: q.agent_id } : {}), ...(q.srcip ? { srcip: q.srcip } : {}), ...(q.q ? { text: q.q } : {}),
      offset: q.offset, limit: q.limit,
    });
    return page(result.alerts, result.total, "Alerts were returned", { total_is_capped: result.capped });
  });
}

const summaryResponse = {
  type: "object", required: ["data", "error"],
  properties: {
    data: {
      type: "object", required: ["from", "per_minute", "top_srcip"],
      properties: {
        from: { type: "integer" },
        per_minute: { type: "array", items: { type: "object", required: ["minute", "level", "count"], properties: { minute: { type: "integer" }, level: { type: "integer" }, count: { type: "integer" } } } },
        top_srcip: { type: "array", items: { type: "object", required: ["srcip", "count"], properties: { srcip: { type: "string" }, count: { type: "integer" } } } },
      },
    },
    error: { type: "integer", enum: [0] },
  },
};

function summaryRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { minutes: number; top: number } }>("/alerts/summary", {
    schema: {
      summary: "Alerts per minute by level and the top source addresses over the last minutes", tags: ["alerts"],
      querystring: { type: "object", properties: { minutes: { type: "integer", minimum: 1, maximum: 1440, default: 60 }, top: { type: "integer", minimum: 1, maximum: 100, default: 10 } } },
      response: { 200: summaryResponse, ...errorResponses(400) },
    },
    config: { role: "read-only" } satisfies RouteConfig,
  }, async (request) => {
    const from = ctx.clock.now() - request.query.minutes * 60_000;
    const s = ctx.services.alerts.summary(from, request.query.top);
    return { data: { from, per_minute: s.perMinute, top_srcip: s.topSources }, error: 0 };
  });
}
