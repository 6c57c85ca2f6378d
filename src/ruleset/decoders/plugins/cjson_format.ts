/**
 * Text forms Wazuh's JSON_Decoder gives values: numbers as C `%d` / `%f`, and arrays as
 * cJSON_Print writes them (`[1, "a"]`, objects over several lines with tabs, numbers `%1.15g`).
 * Must not: parse JSON (json_reader.ts) or store fields (json_decoder.ts).
 */
import type { JsonNode } from "./json_reader.ts";

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** cJSON's valueint: the double saturated to int and truncated. */
function valueInt(d: number): number {
  if (d >= INT_MAX) return INT_MAX;
  if (d <= INT_MIN) return INT_MIN;
  return Math.trunc(d);
}

/** C `%f`: six decimals, exact for any double. */
export function formatFixed6(d: number): string {
  if (!Number.isFinite(d)) return d > 0 ? "inf" : d < 0 ? "-inf" : "nan";
  if (Math.abs(d) < 1e21) return d.toFixed(6);
  return `${BigInt(d).toString()}.000000`;
}

/** How Wazuh's JSON_Decoder prints a number field: `%d` when it is an int, else `%f`. */
export function formatJsonNumber(d: number): string {
  const i = valueInt(d);
  return i === d ? String(i) : formatFixed6(d);
}

/** C `%1.<p>g`. */
function formatG(d: number, p: number): string {
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  const [mant = "", expText = "0"] = d.toExponential(p - 1).split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= p) {
    const m = stripZeros(mant);
    const sign = exp < 0 ? "-" : "+";
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${m}e${sign}${digits}`;
  }
  return stripZeros(d.toFixed(Math.max(0, p - 1 - exp)));
}

function stripZeros(s: string): string {
  if (!s.includes(".")) return s;
  return s.replace(/\.?0+$/, "");
}

/** cJSON print_number. */
function printNumber(d: number): string {
  if (!Number.isFinite(d)) return "null";
  if (d === valueInt(d)) return String(valueInt(d));
  const short = formatG(d, 15);
  // cJSON compare_double: equal within a relative DBL_EPSILON.
  const back = Number(short);
  return Math.abs(back - d) <= Math.max(Math.abs(back), Math.abs(d)) * Number.EPSILON ? short : formatG(d, 17);
}

/** cJSON print_string_ptr (a C string: a NUL ends it). */
export function printString(text: string): string {
  const nul = text.indexOf("\u0000");
  const s = nul < 0 ? text : text.slice(0, nul);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += "\\\\";
    else if (c >= 32) out += s[i];
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else out += `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}

/** cJSON_Print (formatted) of a node; `depth` is the object nesting depth. */
export function printNode(node: JsonNode, depth = 0): string {
  switch (node.kind) {
    case "null": return "null";
    case "true": return "true";
    case "false": return "false";
    case "number": return printNumber(node.value);
    case "string": return printString(node.value);
    case "array": return `[${node.items.map((n) => printNode(n, depth)).join(", ")}]`;
    case "object": {
      const inner = "\t".repeat(depth + 1);
      let out = "{\n";
      node.entries.forEach(([k, v], i) => {
        out += `${inner}${printString(k)}:\t${printNode(v, depth + 1)}${i + 1 < node.entries.length ? "," : ""}\n`;
      });
      return `${out}${"\t".repeat(depth)}}`;
    }
  }
}
