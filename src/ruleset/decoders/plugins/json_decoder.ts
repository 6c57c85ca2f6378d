/**
 * Wazuh's JSON_Decoder (semantics §1.3): every leaf of the JSON value becomes a field named by
 * its dotted path; a few top-level names go to static slots. Invalid JSON gives no fields.
 * Must not: throw, or recurse deeper than the reader's nesting limit.
 */
import type { FieldSink } from "../field_bag.ts";
import { formatJsonNumber, printNode } from "./cjson_format.ts";
import { readJson, type JsonNode } from "./json_reader.ts";
import type { PluginDecoder, PluginInput } from "./plugin.ts";

/** Top-level JSON keys that fill a static slot (Wazuh fillData). */
const STATIC_KEYS: ReadonlySet<string> = new Set([
  "srcip", "dstip", "srcport", "dstport", "protocol", "action", "srcuser", "id", "status", "url", "data", "extra_data",
]);

export const jsonDecoder: PluginDecoder = (input, sink) => {
  const root = readJson(input.input);
  if (root?.kind !== "object") return;
  readObject(root, undefined, input, sink);
};

function readObject(node: Extract<JsonNode, { kind: "object" }>, prefix: string | undefined, input: PluginInput, sink: FieldSink): void {
  for (const [k, v] of node.entries) {
    const key = prefix === undefined ? k : `${prefix}.${k}`;
    if (v.kind === "object") {
      readObject(v, key, input, sink);
      continue;
    }
    const value = leafText(v, input);
    if (value !== undefined) store(key, value, sink);
  }
}

function leafText(v: JsonNode, input: PluginInput): string | undefined {
  switch (v.kind) {
    case "string": return v.value;
    case "number": return formatJsonNumber(v.value);
    case "true": return "true";
    case "false": return "false";
    case "null": return input.jsonNull === "discard" ? undefined : input.jsonNull === "empty" ? "" : "null";
    case "array": {
      if (input.jsonArray === "array") return printNode(v);
      const text = v.items.map(csvItem).filter((s) => s !== undefined).join(",");
      return text === "" ? undefined : text;
    }
    case "object": return undefined;
  }
}

function csvItem(v: JsonNode): string | undefined {
  switch (v.kind) {
    case "string": return cString(v.value);
    case "number": return formatJsonNumber(v.value);
    case "true": return "true";
    case "false": return "false";
    case "null": return "null";
    default: return undefined;
  }
}

/** Wazuh compat: cJSON strings are C strings, so a \u0000 ends them. */
function cString(s: string): string {
  const nul = s.indexOf("\u0000");
  return nul < 0 ? s : s.slice(0, nul);
}

function store(rawKey: string, rawValue: string, sink: FieldSink): void {
  const key = cString(rawKey);
  const value = cString(rawValue);
  if (STATIC_KEYS.has(key)) sink.setStatic(key, value);
  else if (key === "dstuser") sink.setStatic("dstuser", value);
  else if (key === "user" && !sink.hasStatic("dstuser")) sink.setStatic("dstuser", value);
  else if (key === "systemname") sink.setStatic("system_name", value);
  else sink.addDynamic(key, value);
}
