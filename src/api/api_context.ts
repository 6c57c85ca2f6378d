/**
 * What routes receive: the manager services the API reads and steers (narrow interfaces, so
 * tests pass small fakes or the real daemons), the authenticator, the alert search, the live
 * feed, metrics, and the route config shape (least role, auth scheme, OpenAPI facts).
 * Must not: hold logic.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock, Logger } from "../core/mod.ts";
import type { ApiRole } from "../config/mod.ts";
import type { AgentRecord, ManagerStats } from "../manager/mod.ts";
import type { Responder } from "../manager/dispatch/mod.ts";
import type { LogtestSession } from "../ruleset/mod.ts";
import type { AlertSearch } from "./alert_search.ts";
import type { Authenticator, Caller } from "./authenticator.ts";
import type { EventHub } from "./event_hub.ts";
import type { ApiMetrics } from "./api_metrics.ts";
import type { LogtestSessions } from "./logtest_sessions.ts";
import type { RouteDoc } from "./openapi.ts";

/** The agent registry as the API reads it (manager AgentRegistry is assignable). */
export interface AgentSource {
  list(): readonly AgentRecord[];
  get(id: string): AgentRecord | undefined;
}

export interface ApiServices {
  readonly agents: AgentSource;
  /** The manager's responder (run, lift, active list, history). */
  readonly responder: Responder;
  /** Configured response names (`firewall-drop600`), as in the manager's ar.conf. */
  readonly responseNames: () => readonly string[];
  /** The alert search (read-only connection to the manager's alerts table). */
  readonly alerts: AlertSearch;
  /** Manager figures for /metrics; absent in tests without a manager. */
  readonly stats?: () => ManagerStats;
  /** A fresh logtest session (PUT /logtest); absent → 503. */
  readonly logtest?: () => LogtestSession;
}

export interface ApiContext {
  readonly services: ApiServices;
  readonly auth: Authenticator;
  readonly hub: EventHub;
  readonly metrics: ApiMetrics;
  readonly logtest: LogtestSessions;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Route `config`: the least role (null: public), Basic allowed, OpenAPI facts. */
export interface RouteConfig {
  readonly role: ApiRole | null;
  readonly basic?: boolean;
  readonly openapi?: RouteDoc;
}

declare module "fastify" {
  interface FastifyRequest {
    caller?: Caller;
  }
  /** OpenAPI facts next to the validation schemas (fastify ignores them; openapi.ts reads them). */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: readonly string[];
  }
}

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
