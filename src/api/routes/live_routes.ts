/**
 * `GET /events` (server-sent events: `alert`, `decision`, `result`) and `GET /metrics`
 * (Prometheus text; Bearer or Basic, so a scraper can use a read-only user's password).
 * Must not: hold the request open after the client left (the hub removes it on close).
 */
import type { FastifyInstance } from "fastify";
import type { ApiContext, RouteConfig } from "../api_context.ts";
import { errorResponses } from "../schemas.ts";

export function liveRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get("/events", {
    schema: {
      summary: "Live feed: server-sent events `alert`, `decision` (a response decided) and `result` (an agent's execution result)", tags: ["live"],
      description: "Each event's data is one JSON object: `alert` an alert as in GET /alerts; `decision` an item as in GET /active-response/history " +
        "(outcome null); `result` {agent_id, command, name, key, outcome, exit_code, duration_ms, code, reason, origin, rule_id, alert_id, target, at, " +
        "timeout_sec, expires_at, trigger, command_id}. A comment line every 15 s keeps the stream open.",
      response: { 200: { type: "string", description: "text/event-stream" }, ...errorResponses() },
    },
    config: { role: "read-only", openapi: { produces: "text/event-stream" } } satisfies RouteConfig,
  }, async (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
    res.write(": riposte live feed\nretry: 2000\n\n");
    const remove = ctx.hub.add(res, () => res.end());
    request.raw.on("close", remove);
  });

  app.get("/metrics", {
    schema: {
      summary: "Prometheus metrics: events, alerts, responses by outcome, queue depths, latencies", tags: ["live"],
      response: { 200: { type: "string", description: "text/plain; version=0.0.4" }, ...errorResponses() },
    },
    config: { role: "read-only", basic: true, openapi: { produces: "text/plain", auth: "bearer-or-basic" } } satisfies RouteConfig,
  }, async (_request, reply) => {
    reply.type("text/plain; version=0.0.4; charset=utf-8");
    return ctx.metrics.render();
  });
}
