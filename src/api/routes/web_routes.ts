/**
 * The dashboard (`/` and `/static/{file}`, from memory, with a strict Content-Security-Policy)
 * and the OpenAPI document (`/openapi.json`). All public: the dashboard logs in through the API.
 * Must not: read files per request.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { WebAsset } from "../../web/mod.ts";
import { ApiError } from "../api_error.ts";
import type { RouteConfig } from "../api_context.ts";
import { errorSchema } from "../schemas.ts";

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const PUBLIC: RouteConfig = { role: null, openapi: { auth: "none", produces: "text/html" } };

export function webRoutes(app: FastifyInstance, assets: ReadonlyMap<string, WebAsset>, openapi: () => unknown): void {
  const send = (asset: WebAsset | undefined, ifNoneMatch: string | undefined, reply: FastifyReply) => {
    if (!asset) throw new ApiError("API_NOT_FOUND", "No such file");
    reply.header("content-security-policy", CSP).header("x-content-type-options", "nosniff").header("etag", asset.etag).header("cache-control", "no-cache");
    if (ifNoneMatch === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  };
  app.get("/", {
    schema: { summary: "The dashboard", tags: ["dashboard"], response: { 200: { type: "string" } } },
    config: PUBLIC,
  }, async (request, reply) => send(assets.get("index.html"), request.headers["if-none-match"], reply));
  app.get<{ Params: { file: string } }>("/static/:file", {
    schema: {
      summary: "The dashboard's static files", tags: ["dashboard"],
      params: { type: "object", required: ["file"], properties: { file: { type: "string", pattern: "^[a-z0-9_.-]{1,64}$" } } },
      response: { 200: { type: "string" }, 400: errorSchema, 404: errorSchema },
    },
    config: { role: null, openapi: { auth: "none", produces: "*/*" } } satisfies RouteConfig,
  }, async (request, reply) => send(assets.get(request.params.file), request.headers["if-none-match"], reply));
  app.get("/openapi.json", {
    schema: { summary: "This document", tags: ["meta"], response: { 200: { type: "object", additionalProperties: true } } },
    config: { role: null, openapi: { auth: "none" } } satisfies RouteConfig,
  }, async () => openapi());
}
