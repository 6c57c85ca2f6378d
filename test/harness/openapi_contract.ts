/**
 * Contract checking for API tests: a response is valid when its status is documented for
 * that route in the served OpenAPI document and its body validates against the documented
 * schema. The validator is Ajv 8, the one fastify itself ships (resolved through
 * @fastify/ajv-compiler, so no second copy is installed).
 */
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const requireFromCompiler = createRequire(createRequire(import.meta.url).resolve("@fastify/ajv-compiler"));
const Ajv = requireFromCompiler("ajv") as new (o: object) => { compile(s: object): ((v: unknown) => boolean) & { errors?: unknown } };

export interface Doc {
  readonly paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>>;
}

export class ContractChecker {
  readonly #doc: Doc;
  readonly #ajv = new Ajv({ strict: false, allErrors: true });
  readonly checked = new Set<string>();

  constructor(doc: Doc) {
    this.#doc = doc;
  }

  /** Asserts that `res` (status, content-type, body) matches the document for `method path`. */
  check(method: string, path: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }): void {
    const op = this.#doc.paths[path]?.[method.toLowerCase()];
    assert.ok(op, `${method} ${path} is in the OpenAPI document`);
    const response = op.responses[String(res.statusCode)];
    assert.ok(response, `${method} ${path} documents status ${res.statusCode} (body ${res.body.slice(0, 200)})`);
    const [type, media] = Object.entries(response.content)[0] as [string, { schema: object }];
    const contentType = String(res.headers["content-type"] ?? "");
    if (type === "application/json") {
      assert.match(contentType, /^application\/json/, `${method} ${path} ${res.statusCode} is JSON`);
      const validate = this.#ajv.compile(media.schema);
      const ok = validate(JSON.parse(res.body));
      assert.ok(ok, `${method} ${path} ${res.statusCode} body matches its schema: ${JSON.stringify(validate.errors)} in ${res.body.slice(0, 300)}`);
    } else if (type !== "*/*") {
      assert.ok(contentType.startsWith(type), `${method} ${path} ${res.statusCode} is ${type}, got ${contentType}`);
    }
    this.checked.add(`${method.toUpperCase()} ${path}`);
  }
}
