/**
 * `PUT /logtest` (Wazuh-compatible): `{token?, log_format, location, event}` runs one event
 * through a logtest session and answers `{error:0, data:{token, messages, output, alert,
 * codemsg}}`; `DELETE /logtest/sessions/{token}` closes a session.
 * Must not: keep unbounded sessions (logtest_sessions.ts bounds them).
 */
import type { FastifyInstance } from "fastify";
import { ApiError } from "../api_error.ts";
import type { ApiContext, RouteConfig } from "../api_context.ts";
import { errorResponses } from "../schemas.ts";

interface Body { token?: string; log_format: string; location: string; event: string }

const resultSchema = {
  type: "object", required: ["data", "error"],
  properties: {
    data: {
      type: "object", required: ["token", "messages", "output", "alert", "codemsg"],
      properties: {
        token: { type: "string" }, messages: { type: "array", items: { type: "string" } },
        output: { type: "object", additionalProperties: true }, alert: { type: "boolean" }, codemsg: { type: "integer" },
      },
    },
    error: { type: "integer", enum: [0] },
  },
};

export function logtestRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.put<{ Body: Body }>("/logtest", {
    schema: {
      summary: "Run one event through decoders and rules (Wazuh-compatible)", tags: ["logtest"],
      body: {
        type: "object", additionalProperties: false, required: ["log_format", "location", "event"],
        properties: {
          token: { type: "string", pattern: "^[0-9a-f]{8}$" }, log_format: { type: "string", maxLength: 64 },
          location: { type: "string", minLength: 1, maxLength: 1024 }, event: { type: "string", maxLength: 65_536 },
        },
      },
      response: { 200: resultSchema, ...errorResponses(400, 406, 503) },
    },
    config: { role: "responder" } satisfies RouteConfig,
  }, async (request) => {
    const factory = ctx.services.logtest;
    if (!factory) throw new ApiError("API_UNAVAILABLE", "Logtest is not available: the manager has no ruleset loaded for it");
    const { token, session, created } = ctx.logtest.get(request.body.token, factory);
    const messages = created ? [`INFO: (7202): Session initialized with token '${token}'`] : [];
    if (created && request.body.token !== undefined) messages.unshift(`WARNING: (7309): '${request.body.token}' is not a valid token`);
    const output = session.run({ log: request.body.event, location: request.body.location });
    return { data: { token, messages, output, alert: output.alert !== null, codemsg: messages.some((m) => m.startsWith("WARNING")) ? 1 : 0 }, error: 0 };
  });

  app.delete<{ Params: { token: string } }>("/logtest/sessions/:token", {
    schema: {
      summary: "Close a logtest session", tags: ["logtest"],
      params: { type: "object", required: ["token"], properties: { token: { type: "string", pattern: "^[0-9a-f]{8}$" } } },
      response: {
        200: { type: "object", required: ["data", "error"], properties: { data: { type: "object", properties: { messages: { type: "array", items: { type: "string" } } } }, error: { type: "integer" } } },
        ...errorResponses(400, 404),
      },
    },
    config: { role: "responder" } satisfies RouteConfig,
  }, async (request) => {
    if (!ctx.logtest.close(request.params.token)) throw new ApiError("API_NOT_FOUND", `No logtest session "${request.params.token}"`);
    return { data: { messages: [`INFO: (7206): The session '${request.params.token}' was closed successfully`] }, error: 0 };
  });
}
