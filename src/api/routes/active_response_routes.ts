/**
 * Active-response routes: Wazuh's `PUT /active-response?agents_list=…` (wazuh-ar.md §6.1:
 * unknown command → 1652, unknown agent → 1701, agent not active → 1707, the manager 000
 * silently skipped, `error` 0/2/1), and Riposte's current responses
 * (`GET /active-response/active`), lift (`DELETE /active-response/active/{key}`) and history
 * with outcomes (`GET /active-response/history`).
 * Must not: bypass the responder (it validates, guards, queues and records).
 */
import type { FastifyInstance } from "fastify";
import type { StoredDecision } from "../../manager/dispatch/mod.ts";
import { ApiError } from "../api_error.ts";
import type { ApiContext, RouteConfig } from "../api_context.ts";
import { activeItem, decisionItem } from "../items.ts";
import { activeSchema, affectedItems, decisionSchema, errorResponses } from "../schemas.ts";
import { FailedItems, envelope, page } from "./envelope.ts";

const AGENT_ID = "^\\d{3,8}$";
const FIXED = new Set(["restart-ossec0", "restart-wazuh0"]);
const AR_MESSAGES = { all: "AR command was sent to all agents", some: "AR command was not sent to some agents", none: "AR command was not sent to any agent" };

interface PutQuery { agents_list?: string }
interface PutBody { command: string; arguments?: string[]; alert?: Record<string, unknown> }

const putSchema = {
  summary: "Run an active response on agents (Wazuh-compatible)",
  tags: ["active-response"],
  querystring: {
    type: "object",
    properties: {
      agents_list: { type: "string", pattern: "^\\d{3,8}(,\\d{3,8})*$", description: "Comma-separated agent ids; omitted: every agent" },
      pretty: { type: "boolean" },
      wait_for_complete: { type: "boolean" },
    },
  },
  body: {
    type: "object",
    additionalProperties: false,
    required: ["command"],
    properties: {
      command: { type: "string", minLength: 1, maxLength: 255, pattern: "^!?[\\w\\-.\\\\/:]+$" },
      arguments: { type: "array", maxItems: 64, items: { type: "string", maxLength: 4096 } },
      alert: { type: "object", additionalProperties: true },
    },
  },
  response: { 200: affectedItems({ type: "string" }), ...errorResponses(400, 406, 413) },
};

function safeCustom(command: string): boolean {
  const path = command.slice(1);
  return !path.startsWith("/") && !path.startsWith("\\") && !path.split(/[\\/]/).includes("..");
}

const failure = (d: StoredDecision) => ({ code: 1000, message: d.reason ?? d.decision, riposte_code: d.code ?? d.decision.toUpperCase() });

function putActiveResponse(app: FastifyInstance, ctx: ApiContext): void {
  const config: RouteConfig = { role: "responder" };
  app.put<{ Querystring: PutQuery; Body: PutBody }>("/active-response", { schema: putSchema, config }, async (request) => {
    const { command, alert } = request.body;
    if (command.startsWith("!") ? !safeCustom(command) : !ctx.services.responseNames().includes(command) && !FIXED.has(command)) {
      if (command.startsWith("!")) throw new ApiError("API_BAD_REQUEST", `The command "${command}" is not a safe file name in active-response/bin`);
      throw new ApiError("API_UNKNOWN_COMMAND", "The command used is not defined in the configuration", {
        remediation: "Use a response name with its timeout (firewall-drop600); `riposte control -L` lists them",
      });
    }
    const failed = new FailedItems();
    const requested = request.query.agents_list !== undefined
      ? [...new Set(request.query.agents_list.split(","))]
      : ctx.services.agents.list().map((a) => a.id);
    const targets: string[] = [];
    for (const id of requested) {
      if (id === "000") continue;
      const agent = ctx.services.agents.get(id);
      if (!agent || agent.status === "revoked") failed.add(id, { code: 1701, message: "Agent does not exist", remediation: "GET /agents?select=id,name lists the agents" });
      else if (agent.status !== "active") failed.add(id, { code: 1707, message: "Cannot send request, agent is not active", remediation: "Check the agent's connection and try again" });
      else targets.push(id);
    }
    const affected: string[] = [];
    if (targets.length > 0) {
      const decisions = ctx.services.responder.run({
        name: command, agents: targets, origin: "api", alert: alert ?? {}, extraArgs: request.body.arguments ?? [],
      });
      for (const d of decisions) {
        if (d.agentId === undefined) for (const id of targets) failed.add(id, failure(d));
        else if (d.decision === "queued" || d.decision === "delivered") affected.push(d.agentId);
        else failed.add(d.agentId, failure(d));
      }
    }
    ctx.logger.info("PUT /active-response", { user: request.caller?.user, command, affected: affected.length, failed: failed.count });
    return envelope(affected.sort(), failed, AR_MESSAGES);
  });
}

const agentQuery = { type: "object", properties: { agent_id: { type: "string", pattern: AGENT_ID } } };

function activeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { agent_id?: string } }>("/active-response/active", {
    schema: { summary: "Current active responses with their time left and origin", tags: ["active-response"], querystring: agentQuery, response: { 200: affectedItems(activeSchema), ...errorResponses(400) } },
    config: { role: "read-only" } satisfies RouteConfig,
  }, async (request) => {
    const now = ctx.clock.now();
    const items = ctx.services.responder.active(request.query.agent_id).map((a) => activeItem(a, now));
    return page(items, items.length, "Active responses were returned");
  });
  app.delete<{ Params: { key: string }; Querystring: { agent_id?: string } }>("/active-response/active/:key", {
    schema: {
      summary: "Lift an active response now (the agent runs its delete)", tags: ["active-response"], querystring: agentQuery,
      params: { type: "object", required: ["key"], properties: { key: { type: "string", minLength: 1, maxLength: 4096 } } },
      response: { 200: affectedItems({ type: "string" }), ...errorResponses(400, 404) },
    },
    config: { role: "responder" } satisfies RouteConfig,
  }, async (request) => {
    const { key } = request.params;
    const holders = ctx.services.responder.active(request.query.agent_id).filter((a) => a.key === key).map((a) => a.agentId);
    if (holders.length === 0) throw new ApiError("API_NOT_ACTIVE", `No active response "${key.slice(0, 200)}"${request.query.agent_id ? ` on agent ${request.query.agent_id}` : ""}`);
    const failed = new FailedItems();
    const affected: string[] = [];
    for (const id of holders) {
      const d = ctx.services.responder.lift(id, key);
      if (d.decision === "queued" || d.decision === "delivered") affected.push(id);
      else failed.add(id, failure(d));
    }
    ctx.logger.info("lift asked", { user: request.caller?.user, key, agents: affected });
    return envelope(affected, failed, { all: "The response is being lifted on all its agents", some: "The response could not be lifted on some agents", none: "The response could not be lifted" });
  });
}

function historyRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { agent_id?: string; limit?: number } }>("/active-response/history", {
    schema: {
      summary: "Response decisions, newest first, with the outcome the agent reported", tags: ["active-response"],
      querystring: { type: "object", properties: { agent_id: { type: "string", pattern: AGENT_ID }, limit: { type: "integer", minimum: 1, maximum: 1000, default: 100 } } },
      response: { 200: affectedItems(decisionSchema), ...errorResponses(400) },
    },
    config: { role: "read-only" } satisfies RouteConfig,
  }, async (request) => {
    const decisions = ctx.services.responder.decisions({ ...(request.query.agent_id ? { agentId: request.query.agent_id } : {}), limit: request.query.limit ?? 100 });
    const outcomes = new Map<string, string>();
    for (const agentId of new Set(decisions.map((d) => d.agentId).filter((a): a is string => a !== undefined))) {
      for (const r of ctx.services.responder.results(agentId, 1000).reverse()) {
        if (r.commandId && (r.command === "add" || !outcomes.has(r.commandId))) outcomes.set(r.commandId, r.outcome);
      }
    }
    const items = decisions.map((d) => decisionItem(d, d.commandId ? outcomes.get(d.commandId) ?? null : null));
    return page(items, items.length, "Response history was returned");
  });
}

export function activeResponseRoutes(app: FastifyInstance, ctx: ApiContext): void {
  putActiveResponse(app, ctx);
  activeRoutes(app, ctx);
  historyRoute(app, ctx);
}
