/**
 * createApiServer: the REST API and the dashboard on one fastify HTTPS server (DESIGN §5),
 * bound to `<api><host>:<port>` (0 = a free port). Per request: rate limit → authentication
 * (Bearer JWT; Basic where a route allows it) → role check → schema validation → handler;
 * every error becomes `{title, detail, error, code}` through statusOf. The manager feeds the
 * live feed and metrics through onAlert / onDecision / onArResult.
 * Contract: start() binds and returns the port; stop() closes the live feed, the server and
 * the alerts connection (idempotent). The hooks MUST NOT throw and never block the caller.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { systemClock, silentLogger, errorMessage, type Alert, type Clock, type Logger } from "../core/mod.ts";
import type { ApiConfig } from "../config/mod.ts";
import { openDatabase, type DatabaseSync } from "../store/mod.ts";
import { resultFromWire, type StoredDecision } from "../manager/dispatch/mod.ts";
import { loadWebAssets } from "../web/mod.ts";
import { AlertSearch } from "./alert_search.ts";
import { ApiError, errorBody } from "./api_error.ts";
import type { ApiContext, ApiServices, RouteConfig } from "./api_context.ts";
import { ApiMetrics } from "./api_metrics.ts";
import { Authenticator } from "./authenticator.ts";
import { EventHub } from "./event_hub.ts";
import { decisionItem, resultItem } from "./items.ts";
import { loadTokenSecret } from "./jwt.ts";
import { LogtestSessions } from "./logtest_sessions.ts";
import { OpenApiBuilder } from "./openapi.ts";
import { parsePasswordHash } from "./password_hash.ts";
import { strictQuery, type Schema } from "./schemas.ts";
import { RateLimiter } from "./rate_limiter.ts";
import { allows } from "./roles.ts";
import { activeResponseRoutes, agentsRoutes, alertsRoutes, liveRoutes, logtestRoutes, securityRoutes, webRoutes } from "./routes/mod.ts";

export interface ApiServerOptions extends Omit<ApiServices, "alerts"> {
  readonly config: ApiConfig;
  /** The Riposte home: the token secret is HOME/etc/api.jwt.key. */
  readonly home: string;
  /** The manager's certificate and key (HOME/etc/sslmanager.cert/.key). */
  readonly tls: { readonly certPem: string; readonly keyPem: string };
  /** The manager's analysis database holding the alerts table (HOME/queue/analysis.db). */
  readonly alertsDb: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Shown as `manager` in GET /agents. @default "manager" */
  readonly managerName?: string;
  /** @default 900 */
  readonly tokenTtlSec?: number;
  /** Requests per minute per address, all routes. @default 300 (Wazuh's max_request_per_minute) */
  readonly requestsPerMinute?: number;
  /** Authentication attempts per minute per address. @default 30 */
  readonly authPerMinute?: number;
}

export interface ApiServer {
  /** Binds; resolves with the port. */
  start(): Promise<number>;
  stop(): Promise<void>;
  readonly port: number;
  onAlert(alert: Alert): void;
  onDecision(decision: StoredDecision): void;
  onArResult(agentId: string, message: { readonly id: string; readonly outcome: string; readonly detail?: string }): void;
  /** The served OpenAPI document. */
  openapi(): Record<string, unknown>;
  /** fastify's in-process request injection (tests); the server must be started. */
  inject: FastifyInstance["inject"];
}

const VERSION = "0.1.0";

export function createApiServer(o: ApiServerOptions): ApiServer {
  return new ApiServerImpl(o);
}

class ApiServerImpl implements ApiServer {
  readonly #o: ApiServerOptions;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #hub = new EventHub();
  readonly #docs = new OpenApiBuilder();
  #app: FastifyInstance | undefined;
  #db: DatabaseSync | undefined;
  #metrics: ApiMetrics | undefined;
  #port = 0;

  constructor(o: ApiServerOptions) {
    this.#o = o;
    this.#logger = (o.logger ?? silentLogger).child("api");
    this.#clock = o.clock ?? systemClock;
  }

  get port(): number {
    return this.#port;
  }

  inject: FastifyInstance["inject"] = ((...args: Parameters<FastifyInstance["inject"]>) => {
    if (!this.#app) throw new ApiError("API_UNAVAILABLE", "The API server is not started");
    return (this.#app.inject as (...a: unknown[]) => unknown)(...args);
  }) as FastifyInstance["inject"];

  openapi(): Record<string, unknown> {
    return this.#docs.document(VERSION);
  }

  async start(): Promise<number> {
    if (this.#app) return this.#port;
    const o = this.#o;
    checkUsers(o.config.users);
    this.#db = openDatabase(o.alertsDb, { readOnly: true });
    const services: ApiServices = { ...o, alerts: new AlertSearch(this.#db) };
    const metrics = new ApiMetrics(services, () => this.#hub.size);
    this.#metrics = metrics;
    const ctx: ApiContext = {
      services, hub: this.#hub, metrics, clock: this.#clock, logger: this.#logger, logtest: new LogtestSessions(() => this.#clock.now()),
      auth: new Authenticator({ users: o.config.users, secret: loadTokenSecret(join(o.home, "etc", "api.jwt.key")), nowSec: () => Math.floor(this.#clock.now() / 1000), ...(o.tokenTtlSec ? { tokenTtlSec: o.tokenTtlSec } : {}) }),
    };
    const app = Fastify({
      https: { cert: o.tls.certPem, key: o.tls.keyPem, minVersion: "TLSv1.2" },
      bodyLimit: 1024 * 1024,
      ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true, allErrors: false } },
      return503OnClosing: true,
    });
    this.#app = app;
    app.removeContentTypeParser("text/plain");
    app.addHook("onRoute", (route) => {
      if (route.schema) route.schema = { ...route.schema, querystring: strictQuery(route.schema.querystring as Schema | undefined) };
      this.#docs.add(route);
    });
    this.#hooks(app, ctx);
    securityRoutes(app, ctx, new RateLimiter({ perMinute: o.authPerMinute ?? 30 }));
    activeResponseRoutes(app, ctx);
    agentsRoutes(app, ctx, o.managerName ?? "manager");
    alertsRoutes(app, ctx);
    logtestRoutes(app, ctx);
    liveRoutes(app, ctx);
    webRoutes(app, loadWebAssets(), () => this.openapi());
    await app.listen({ host: o.config.host, port: o.config.port });
    this.#port = (app.server.address() as AddressInfo).port;
    this.#logger.info("API listening", { host: o.config.host, port: this.#port, users: o.config.users.length });
    return this.#port;
  }

  #hooks(app: FastifyInstance, ctx: ApiContext): void {
    const limiter = new RateLimiter({ perMinute: this.#o.requestsPerMinute ?? 300 });
    app.addHook("onRequest", async (request) => {
      const wait = limiter.take(request.ip, this.#clock.now());
      if (wait > 0) throw new ApiError("API_RATE_LIMITED", "Too many requests", { retryAfterSec: wait });
      const config = request.routeOptions.config as Partial<RouteConfig>;
      if (!config.role) return;
      const header = request.headers.authorization;
      request.caller = config.basic && /^Basic /i.test(header ?? "") ? await ctx.auth.basic(header) : ctx.auth.bearer(header);
      if (!allows(request.caller.role, config.role)) {
        throw new ApiError("API_FORBIDDEN", `The role "${request.caller.role}" may not ${request.method} ${request.routeOptions.url}; it needs "${config.role}"`);
      }
    });
    app.addHook("onSend", async (request, reply, payload) => {
      reply.header("strict-transport-security", "max-age=31536000").header("x-content-type-options", "nosniff").header("referrer-policy", "no-referrer");
      if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
      const pretty = (request.query as { pretty?: unknown } | undefined)?.pretty;
      if ((pretty === true || pretty === "true") && typeof payload === "string" && String(reply.getHeader("content-type")).startsWith("application/json")) {
        return JSON.stringify(JSON.parse(payload), null, 3);
      }
      return payload;
    });
    app.addHook("onResponse", async (request, reply) => {
      ctx.metrics.request(request.routeOptions.url ?? "unmatched", request.method, reply.statusCode, reply.elapsedTime / 1000);
    });
    app.setErrorHandler((error: FastifyError, request, reply) => this.#sendError(toApiError(error), request, reply));
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split("?")[0] ?? "/";
      const other = ["GET", "PUT", "POST", "DELETE"].some((m) => m !== request.method && app.findRoute({ method: m as "GET", url: path }) !== null);
      const e = other ? new ApiError("API_METHOD_NOT_ALLOWED", `${request.method} is not allowed on ${path.slice(0, 200)}`) : new ApiError("API_NOT_FOUND", `No route ${request.method} ${path.slice(0, 200)}`);
      return this.#sendError(e, request, reply);
    });
  }

  #sendError(e: ApiError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const { status, body } = errorBody(e);
    if (status >= 500) this.#logger.error("API request failed", { route: request.url.split("?")[0], code: e.code, error: errorMessage(e.cause ?? e) });
    if (e.retryAfterSec) reply.header("retry-after", String(e.retryAfterSec));
    if (status === 401) reply.header("www-authenticate", 'Bearer realm="riposte"');
    return reply.code(status).type("application/json; charset=utf-8").send(body);
  }

  onAlert(alert: Alert): void {
    try {
      this.#metrics?.alert(alert);
      this.#hub.publish("alert", alert);
    } catch (error: unknown) {
      this.#logger.error("API alert hook failed", { error: errorMessage(error) });
    }
  }

  onDecision(decision: StoredDecision): void {
    try {
      this.#metrics?.decision(decision);
      this.#hub.publish("decision", decisionItem(decision));
    } catch (error: unknown) {
      this.#logger.error("API decision hook failed", { error: errorMessage(error) });
    }
  }

  onArResult(agentId: string, message: { readonly id: string; readonly outcome: string; readonly detail?: string }): void {
    try {
      // Acknowledgements of dispatch's ar.conf pushes (ids "arconf.…") are not executions.
      if (message.id.startsWith("arconf.")) return;
      const result = resultFromWire(message, this.#clock.now());
      if (!result) return;
      this.#metrics?.result(result);
      this.#hub.publish("result", resultItem(agentId, result));
    } catch (error: unknown) {
      this.#logger.error("API result hook failed", { error: errorMessage(error) });
    }
  }

  async stop(): Promise<void> {
    const app = this.#app;
    if (!app) return;
    this.#app = undefined;
    this.#hub.close();
    await app.close();
    this.#db?.close();
    this.#db = undefined;
    this.#logger.info("API stopped");
  }
}

/** Refuses to start with a user whose hash is not ours (rather than a 500 at each login). */
function checkUsers(users: ApiServerOptions["config"]["users"]): void {
  for (const u of users) {
    try {
      parsePasswordHash(u.passwordHash);
    } catch (error: unknown) {
      throw new ApiError("API_BAD_PASSWORD_HASH", `<api><user> "${u.name}" at ${u.at.file}:${u.at.line}: ${errorMessage(error)}`, { remediation: "Make one with `riposte api-hash`" });
    }
  }
}

/** Any error thrown while answering → an ApiError (fastify's own codes mapped here). */
function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  if (error.validation) {
    const first = error.validation[0];
    const extra = (first?.params as { additionalProperty?: unknown } | undefined)?.additionalProperty;
    // Wazuh's wording for an unknown body field.
    if (first?.keyword === "additionalProperties" && typeof extra === "string") return new ApiError("API_BAD_REQUEST", `Invalid field found {'${extra.slice(0, 64)}'}`);
    return new ApiError("API_BAD_REQUEST", `${error.validationContext ?? "request"}${first?.instancePath ?? ""} ${first?.message ?? "is invalid"}`.trim());
  }
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError("API_NOT_ACCEPTABLE", "The body must be sent as application/json");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError("API_BODY_TOO_LARGE", "The request body is too large");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new ApiError("API_BAD_REQUEST", error.message);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return new ApiError("API_BAD_REQUEST", error.message);
  return new ApiError("API_INTERNAL", "Internal error", { cause: error });
}
