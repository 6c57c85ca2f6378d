/**
 * A JSON reader with cJSON's tolerance, as Wazuh's JSON_Decoder sees JSON: leading whitespace
 * (any byte ≤ 32) and a UTF-8 BOM are skipped, text after the first value is ignored, duplicate
 * keys are all kept in order, numbers are read the way strtod reads them, nesting deeper than
 * 1000 fails. Returns undefined for invalid JSON. Linear time; never throws.
 * Must not: decide what becomes a field (json_decoder.ts does).
 */

export type JsonNode =
  | { readonly kind: "object"; readonly entries: readonly (readonly [string, JsonNode])[] }
  | { readonly kind: "array"; readonly items: readonly JsonNode[] }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "true" }
  | { readonly kind: "false" }
  | { readonly kind: "null" };

/** cJSON's CJSON_NESTING_LIMIT. */
const NESTING_LIMIT = 1000;

class Fail extends Error {}
const FAIL = new Fail("invalid JSON");

const TRUE: JsonNode = { kind: "true" };
const FALSE: JsonNode = { kind: "false" };
const NULL: JsonNode = { kind: "null" };

const NUMBER_PREFIX = /[0-9+\-.eE]*/y;
const STRTOD = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

export function readJson(text: string, start = 0): JsonNode | undefined {
  const r = new Reader(text, start);
  try {
    if (r.text.charCodeAt(r.pos) === 0xfeff) r.pos++;
    r.skip();
    return r.value(0);
  } catch (error: unknown) {
    if (error instanceof Fail || error instanceof RangeError) return undefined;
    throw error;
  }
}

class Reader {
  readonly text: string;
  pos: number;

  constructor(text: string, pos: number) {
    this.text = text;
    this.pos = pos;
  }

  skip(): void {
    const t = this.text;
    while (this.pos < t.length && t.charCodeAt(this.pos) <= 32) this.pos++;
  }

  value(depth: number): JsonNode {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 34) return { kind: "string", value: this.string() };
    if (c === 123) return this.object(depth + 1);
    if (c === 91) return this.array(depth + 1);
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (t.startsWith("null", this.pos)) return this.literal(4, NULL);
    if (t.startsWith("true", this.pos)) return this.literal(4, TRUE);
    if (t.startsWith("false", this.pos)) return this.literal(5, FALSE);
    throw FAIL;
  }

  literal(n: number, node: JsonNode): JsonNode {
    this.pos += n;
    return node;
  }

  number(): JsonNode {
    NUMBER_PREFIX.lastIndex = this.pos;
    NUMBER_PREFIX.exec(this.text);
    const run = this.text.slice(this.pos, NUMBER_PREFIX.lastIndex);
    const m = STRTOD.exec(run);
    if (!m) throw FAIL;
    this.pos += m[0].length;
    return { kind: "number", value: Number(m[0]) };
  }

  string(): string {
    const t = this.text;
    let i = this.pos + 1;
    let out = "";
    let from = i;
    for (;;) {
      if (i >= t.length) throw FAIL;
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (c !== 92) {
        i++;
        continue;
      }
      out += t.slice(from, i);
      const [text, next] = this.escape(i + 1);
      out += text;
      i = next;
      from = i;
    }
    out += t.slice(from, i);
    this.pos = i + 1;
    return out;
  }

  escape(i: number): [string, number] {
    const t = this.text;
    switch (t[i]) {
      case "b": return ["\b", i + 1];
      case "f": return ["\f", i + 1];
      case "n": return ["\n", i + 1];
      case "r": return ["\r", i + 1];
      case "t": return ["\t", i + 1];
      case '"': case "\\": case "/": return [t[i] as string, i + 1];
      case "u": return this.unicode(i + 1);
      default: throw FAIL;
    }
  }

  unicode(i: number): [string, number] {
    const hi = hex4(this.text, i);
    if (hi >= 0xdc00 && hi <= 0xdfff) throw FAIL;
    if (hi >= 0xd800 && hi <= 0xdbff) {
      if (this.text[i + 4] !== "\\" || this.text[i + 5] !== "u") throw FAIL;
      const lo = hex4(this.text, i + 6);
      if (lo < 0xdc00 || lo > 0xdfff) throw FAIL;
      return [String.fromCharCode(hi, lo), i + 10];
    }
    return [String.fromCharCode(hi), i + 4];
  }

  object(depth: number): JsonNode {
    if (depth > NESTING_LIMIT) throw FAIL;
    const entries: [string, JsonNode][] = [];
    this.pos++;
    this.skip();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return { kind: "object", entries };
    }
    for (;;) {
      this.skip();
      if (this.text.charCodeAt(this.pos) !== 34) throw FAIL;
      const key = this.string();
      this.skip();
      if (this.text.charCodeAt(this.pos) !== 58) throw FAIL;
      this.pos++;
      this.skip();
      entries.push([key, this.value(depth)]);
      this.skip();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 125) return { kind: "object", entries };
      if (c !== 44) throw FAIL;
    }
  }

  array(depth: number): JsonNode {
    if (depth > NESTING_LIMIT) throw FAIL;
    const items: JsonNode[] = [];
    this.pos++;
    this.skip();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return { kind: "array", items };
    }
    for (;;) {
      this.skip();
      items.push(this.value(depth));
      this.skip();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 93) return { kind: "array", items };
      if (c !== 44) throw FAIL;
    }
  }
}

function hex4(t: string, i: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = t.charCodeAt(i + k);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) throw FAIL;
    v = v * 16 + d;
  }
  return v;
}
