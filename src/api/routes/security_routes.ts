/**
 * `POST /security/user/authenticate`: Basic credentials → a JWT (HS256) valid for the token
 * lifetime, in Wazuh's shape `{data:{token}, error:0}`. Stricter per-address rate limit than
 * the other routes (password guessing).
 * Must not: log passwords or tokens.
 */
import type { FastifyInstance } from "fastify";
import { ApiError } from "../api_error.ts";
import type { ApiContext, RouteConfig } from "../api_context.ts";
import type { RateLimiter } from "../rate_limiter.ts";
import { errorSchema } from "../schemas.ts";

export function securityRoutes(app: FastifyInstance, ctx: ApiContext, limiter: RateLimiter): void {
  app.post("/security/user/authenticate", {
    schema: {
      summary: "Log in with Basic authentication and get a JWT (Wazuh-compatible)", tags: ["security"],
      querystring: { type: "object", properties: { pretty: { type: "boolean" } } },
      response: {
        200: {
          type: "object", required: ["data", "error"],
          properties: { data: { type: "object", required: ["token"], properties: { token: { type: "string" }, expires_in: { type: "integer" } } }, error: { type: "integer", enum: [0] } },
        },
        401: errorSchema, 429: errorSchema,
      },
    },
    config: { role: null, openapi: { auth: "basic" } } satisfies RouteConfig,
  }, async (request) => {
    const wait = limiter.take(request.ip, ctx.clock.now());
    if (wait > 0) throw new ApiError("API_RATE_LIMITED", "Too many authentication attempts", { retryAfterSec: wait });
    let caller;
    try {
      caller = await ctx.auth.basic(request.headers.authorization);
    } catch (error: unknown) {
      ctx.logger.warn("API authentication failed", { ip: request.ip, code: (error as ApiError).code });
      throw error;
    }
    ctx.logger.info("API user authenticated", { user: caller.user, ip: request.ip });
    return { data: { token: ctx.auth.issue(caller), expires_in: ctx.auth.tokenTtlSec }, error: 0 };
  });
}
