/**
 * JSON schemas shared by the routes: the error shape, Wazuh's AffectedItems envelope, and the
 * records the routes return. They are both fastify's validation/serialisation schemas and the
 * OpenAPI document's (openapi.ts), so the document cannot drift from what is served.
 * Must not: hold logic.
 */
export type Schema = Readonly<Record<string, unknown>>;

export const errorSchema: Schema = {
  type: "object",
  required: ["title", "detail", "error", "code"],
  properties: {
    title: { type: "string" },
    detail: { type: "string" },
    remediation: { type: "string" },
    error: { type: "integer" },
    code: { type: "string", pattern: "^API_[A-Z_]+$" },
  },
};

/** The error responses every authenticated route may give. */
export const errorResponses = (...statuses: number[]): Record<number, Schema> =>
  Object.fromEntries([401, 403, 429, ...statuses].map((s) => [s, errorSchema]));

export const failedItemSchema: Schema = {
  type: "object",
  required: ["error", "id"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "integer" }, message: { type: "string" }, remediation: { type: "string" }, riposte_code: { type: "string" } },
    },
    id: { type: "array", items: { type: "string" } },
  },
};

/** Wazuh's AffectedItemsWazuhResult: `{data:{affected_items,…}, message, error}`. */
export function affectedItems(item: Schema, extraData: Record<string, Schema> = {}): Schema {
  return {
    type: "object",
    required: ["data", "message", "error"],
    properties: {
      data: {
        type: "object",
        required: ["affected_items", "total_affected_items", "total_failed_items", "failed_items"],
        properties: {
          affected_items: { type: "array", items: item },
          total_affected_items: { type: "integer" },
          total_failed_items: { type: "integer" },
          failed_items: { type: "array", items: failedItemSchema },
          ...extraData,
        },
      },
      message: { type: "string" },
      error: { type: "integer", enum: [0, 1, 2] },
    },
  };
}

export const alertSchema: Schema = {
  type: "object",
  additionalProperties: true,
  required: ["timestamp", "rule", "agent", "id"],
  properties: {
    timestamp: { type: "string" },
    id: { type: "string" },
    rule: {
      type: "object",
      additionalProperties: true,
      required: ["id", "level", "description"],
      properties: { id: { type: "string" }, level: { type: "integer" }, description: { type: "string" } },
    },
    agent: { type: "object", additionalProperties: true, required: ["id", "name"], properties: { id: { type: "string" }, name: { type: "string" } } },
  },
};

const optString = { type: ["string", "null"] };

export const decisionSchema: Schema = {
  type: "object",
  required: ["id", "at", "decision", "name", "dry_run", "origin"],
  properties: {
    id: { type: "integer" },
    at: { type: "integer" },
    decision: { type: "string" },
    name: { type: "string" },
    agent_id: optString,
    rule_id: optString,
    alert_id: optString,
    srcip: optString,
    code: optString,
    reason: optString,
    dry_run: { type: "boolean" },
    origin: { type: "string", enum: ["rule", "api", "manual"] },
    outcome: optString,
  },
};

export const activeSchema: Schema = {
  type: "object",
  required: ["agent_id", "key", "name", "origin", "started_at", "expires_at", "time_left_ms"],
  properties: {
    agent_id: { type: "string" },
    key: { type: "string" },
    name: { type: "string" },
    target: optString,
    origin: { type: "string", enum: ["rule", "api", "manual"] },
    rule_id: optString,
    alert_id: optString,
    started_at: { type: "integer" },
    expires_at: { type: "integer" },
    time_left_ms: { type: "integer" },
  },
};

export const agentSchema: Schema = {
  type: "object",
  required: ["id"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    ip: { type: "string" },
    registerIP: { type: "string" },
    status: { type: "string", enum: ["active", "disconnected", "never_connected", "pending"] },
    version: { type: "string" },
    group: { type: "array", items: { type: "string" } },
    lastKeepAlive: { type: "string" },
    dateAdd: { type: "string" },
    node_name: { type: "string" },
    manager: { type: "string" },
    dropped_events: { type: "integer" },
  },
};

/**
 * Every route's query: its own parameters plus Wazuh's `pretty` and `wait_for_complete`, and
 * nothing else (an unknown parameter — a filter this API does not have, like Wazuh's `q` —
 * is a 400, not silently ignored).
 */
export function strictQuery(q: Schema | undefined): Schema {
  return {
    type: "object",
    ...(q ?? {}),
    additionalProperties: false,
    properties: { pretty: { type: "boolean" }, wait_for_complete: { type: "boolean" }, ...((q?.["properties"] ?? {}) as Record<string, Schema>) },
  };
}
