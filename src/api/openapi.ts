/**
 * The OpenAPI 3.0 document of GET /openapi.json, built from the routes as fastify registers
 * them (their querystring/params/body/response schemas and summaries), so every served route
 * is in it with the schemas that actually validate and serialise it.
 * Must not: describe a route by hand.
 */
import type { Schema } from "./schemas.ts";

interface RouteSchema {
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly querystring?: Schema;
  readonly params?: Schema;
  readonly body?: Schema;
  readonly response?: Readonly<Record<string, Schema>>;
}

/** Extra route facts for the document (route `config.openapi`). */
export interface RouteDoc {
  /** Non-JSON success responses: content type of the 200. */
  readonly produces?: string;
  /** "bearer" (default), "basic", "bearer-or-basic" or "none". */
  readonly auth?: "bearer" | "basic" | "bearer-or-basic" | "none";
}

export class OpenApiBuilder {
  readonly #paths: Record<string, Record<string, unknown>> = {};

  /** Called from fastify's onRoute hook. */
  add(route: { readonly url: string; readonly method: string | readonly string[]; readonly schema?: unknown; readonly config?: unknown }): void {
    const schema = route.schema as RouteSchema | undefined;
    if (!schema) return;
    const config = (route.config ?? {}) as { openapi?: RouteDoc };
    const doc = config.openapi ?? {};
    const path = route.url.replace(/:([A-Za-z_]+)/g, "{$1}");
    const methods = (typeof route.method === "string" ? [route.method] : [...route.method]).filter((m) => m !== "HEAD");
    for (const method of methods) {
      (this.#paths[path] ??= {})[method.toLowerCase()] = this.#operation(schema, doc);
    }
  }

  #operation(schema: RouteSchema, doc: RouteDoc): Record<string, unknown> {
    const parameters = [...params(schema.querystring, "query"), ...params(schema.params, "path")];
    const responses: Record<string, unknown> = {};
    for (const [status, s] of Object.entries(schema.response ?? {})) {
      const type = status === "200" && doc.produces ? doc.produces : "application/json";
      responses[status] = { description: (s["description"] as string | undefined) ?? `HTTP ${status}`, content: { [type]: { schema: s } } };
    }
    const auth = doc.auth ?? "bearer";
    const security = auth === "none" ? [] : auth === "basic" ? [{ basicAuth: [] }] : auth === "bearer" ? [{ bearerAuth: [] }] : [{ bearerAuth: [] }, { basicAuth: [] }];
    return {
      ...(schema.summary ? { summary: schema.summary } : {}),
      ...(schema.description ? { description: schema.description } : {}),
      ...(schema.tags ? { tags: schema.tags } : {}),
      parameters,
      ...(schema.body ? { requestBody: { required: true, content: { "application/json": { schema: schema.body } } } } : {}),
      responses,
      security,
    };
  }

  document(version: string): Record<string, unknown> {
    return {
      openapi: "3.0.3",
      info: { title: "Riposte API", version, description: "Wazuh-compatible active-response API plus Riposte's own routes." },
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
          basicAuth: { type: "http", scheme: "basic" },
        },
      },
      paths: this.#paths,
    };
  }
}

function params(schema: Schema | undefined, where: "query" | "path"): Record<string, unknown>[] {
  const props = (schema?.["properties"] ?? {}) as Record<string, Schema>;
  const required = new Set((schema?.["required"] ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name, in: where, required: where === "path" || required.has(name), schema: s,
    ...(s["description"] ? { description: s["description"] } : {}),
  }));
}
