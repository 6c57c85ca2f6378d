/**
 * Reads one `<decoder>` element into a DecoderSpec (semantics §1.3 "Decoder XML"): element
 * names case-insensitive, contents raw (patterns keep their spaces), repeated pattern
 * elements concatenated, values checked. Pure; reports problems to a DiagnosticBag.
 * Must not: compile patterns or link parents (load_decoders.ts does).
 */
import type { DiagnosticBag, SourceLocation } from "../../core/mod.ts";
import type { XmlElement } from "../../xml/mod.ts";
import type { Dialect } from "./_pattern.ts";
import type { PluginOffset, RegexOffset } from "./decoder.ts";

export interface PatternSpec {
  readonly text: string;
  readonly dialect: Dialect;
  readonly offset?: string;
  readonly location: SourceLocation;
}

export interface DecoderSpec {
  readonly name: string;
  readonly location: SourceLocation;
  parent?: string;
  programName?: PatternSpec;
  prematch?: PatternSpec;
  regex?: PatternSpec;
  order?: { readonly names: readonly string[]; readonly location: SourceLocation };
  type: string;
  plugin?: { readonly name: string; readonly offset: PluginOffset; readonly location: SourceLocation };
  jsonNull: "string" | "discard" | "empty";
  jsonArray: "array" | "csv";
  useOwnName: boolean;
  fts: string[];
  ftsLocation?: SourceLocation;
  ftsComment?: string;
  accumulate: boolean;
}

/** Wazuh's event categories (`<type>`, exact and case-sensitive). */
export const DECODER_TYPES: ReadonlySet<string> = new Set([
  "syslog", "firewall", "ids", "web-log", "squid", "windows", "host-information", "ossec",
]);

/** Wazuh compat: OS_SIZE_1024, the cap on concatenated pattern elements. */
const MAX_PATTERN = 1024;

const PATTERN_DIALECTS: Readonly<Record<string, readonly Dialect[]>> = {
  program_name: ["osmatch", "osregex", "pcre2"],
  prematch: ["osregex", "pcre2"],
  regex: ["osregex", "pcre2"],
};

const DEFAULT_DIALECT: Readonly<Record<string, Dialect>> = { program_name: "osmatch", prematch: "osregex", regex: "osregex" };

function attr(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name.toLowerCase() === name)?.value;
}

/** Parses one `<decoder>`; returns undefined when it has no usable name. */
export function parseDecoder(el: XmlElement, bag: DiagnosticBag): DecoderSpec | undefined {
  const name = attr(el, "name");
  if (name === undefined || name === "") {
    bag.error("DEC_MISSING_NAME", "Cannot load decoder: missing name attribute", el.location);
    return undefined;
  }
  const spec: DecoderSpec = {
    name, location: el.location, type: "syslog", jsonNull: "string", jsonArray: "array",
    useOwnName: false, fts: [], accumulate: false,
  };
  for (const child of el.children) readElement(spec, child, bag);
  return spec;
}

function readElement(spec: DecoderSpec, el: XmlElement, bag: DiagnosticBag): void {
  const key = el.name.toLowerCase();
  switch (key) {
    case "parent": spec.parent = el.text; return;
    case "program_name": case "prematch": case "regex": readPattern(spec, key, el, bag); return;
    case "order": spec.order = { names: splitWords(spec, el, bag), location: el.textLocation }; return;
    case "type":
      // Wazuh compat: the only element name compared case-sensitively (decode-xml.c strcmp).
      if (el.name === "type") readType(spec, el, bag);
      else unknownElement(spec, el, bag);
      return;
    case "plugin_decoder": readPlugin(spec, el, bag); return;
    case "json_null_field": spec.jsonNull = oneOf(el, ["string", "discard", "empty"], "string", bag); return;
    case "json_array_structure": spec.jsonArray = oneOf(el, ["array", "csv"], "array", bag); return;
    // Wazuh compat: exactly "true" enables it; any other text leaves it off, silently.
    case "use_own_name": spec.useOwnName = el.text === "true"; return;
    case "fts": spec.fts = splitWords(spec, el, bag); spec.ftsLocation = el.textLocation; return;
    case "ftscomment": spec.ftsComment = el.text; return;
    case "accumulate": spec.accumulate = true; return;
    default: unknownElement(spec, el, bag);
  }
}

function unknownElement(spec: DecoderSpec, el: XmlElement, bag: DiagnosticBag): void {
  bag.error("DEC_UNKNOWN_ELEMENT", `Cannot load decoder "${spec.name}": unknown element <${el.name}>`, el.location,
    "Allowed: parent, program_name, prematch, regex, order, type, plugin_decoder, json_null_field, json_array_structure, use_own_name, fts, ftscomment, accumulate");
}

/**
 * Wazuh compat (decode-xml.c): each comma-separated word loses its leading spaces and ends at
 * its first space; an empty word is an error.
 */
function splitWords(spec: DecoderSpec, el: XmlElement, bag: DiagnosticBag): string[] {
  const out: string[] = [];
  for (const piece of el.text.split(",")) {
    let i = 0;
    while (piece.charCodeAt(i) === 32) i++;
    const end = piece.indexOf(" ", i);
    const word = piece.slice(i, end < 0 ? piece.length : end);
    if (word === "") {
      bag.error("DEC_BAD_VALUE", `Cannot load decoder "${spec.name}": empty field name in <${el.name}>`, el.textLocation);
      continue;
    }
    out.push(word);
  }
  return out;
}

function oneOf<T extends string>(el: XmlElement, allowed: readonly T[], fallback: T, bag: DiagnosticBag): T {
  const v = el.text.trim();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  bag.error("DEC_BAD_VALUE", `Cannot use "${el.text}" in <${el.name}>: expected ${allowed.join(" or ")}`, el.textLocation);
  return fallback;
}

function readType(spec: DecoderSpec, el: XmlElement, bag: DiagnosticBag): void {
  if (DECODER_TYPES.has(el.text)) {
    spec.type = el.text;
    return;
  }
  bag.error("DEC_BAD_VALUE", `Cannot use "${el.text}" as decoder type`, el.textLocation, `Use one of: ${[...DECODER_TYPES].join(", ")}`);
}

function readPlugin(spec: DecoderSpec, el: XmlElement, bag: DiagnosticBag): void {
  const raw = attr(el, "offset");
  let offset: PluginOffset = "none";
  if (raw === "after_parent" || raw === "after_prematch") offset = raw;
  else if (raw !== undefined) bag.error("DEC_BAD_VALUE", `Cannot use offset "${raw}" on <plugin_decoder>`, el.location, "Use after_parent or after_prematch");
  spec.plugin = { name: el.text, offset, location: el.textLocation };
}

function readPattern(spec: DecoderSpec, key: "program_name" | "prematch" | "regex", el: XmlElement, bag: DiagnosticBag): void {
  const previous = spec[key === "program_name" ? "programName" : key];
  const offset = attr(el, "offset");
  if (previous) {
    if (offset !== undefined) bag.warning("DEC_BAD_OFFSET", `Offset ignored on a repeated <${el.name}> (only the first one may carry it)`, el.location);
    let text = previous.text + el.text;
    if (text.length >= MAX_PATTERN) {
      bag.error("DEC_PATTERN_TOO_LONG", `Cannot load decoder "${spec.name}": <${el.name}> longer than ${MAX_PATTERN - 1} characters`, el.location);
      text = text.slice(0, MAX_PATTERN - 1);
    }
    // Wazuh compat: a `type` on a later element applies to the whole concatenation.
    const dialect = attr(el, "type") !== undefined ? readDialect(key, el, bag) : previous.dialect;
    setPattern(spec, key, { ...previous, text, dialect });
    return;
  }
  const dialect = readDialect(key, el, bag);
  if (el.text.length >= MAX_PATTERN) {
    bag.error("DEC_PATTERN_TOO_LONG", `Cannot load decoder "${spec.name}": <${el.name}> longer than ${MAX_PATTERN - 1} characters`, el.location);
  }
  const p: PatternSpec = { text: el.text, dialect, location: el.textLocation, ...(offset !== undefined ? { offset } : {}) };
  setPattern(spec, key, p);
}

function setPattern(spec: DecoderSpec, key: "program_name" | "prematch" | "regex", p: PatternSpec): void {
  if (key === "program_name") spec.programName = p;
  else if (key === "prematch") spec.prematch = p;
  else spec.regex = p;
}

function readDialect(key: string, el: XmlElement, bag: DiagnosticBag): Dialect {
  const fallback = DEFAULT_DIALECT[key] ?? "osregex";
  const raw = attr(el, "type");
  if (raw === undefined) return fallback;
  const v = raw.toLowerCase();
  const allowed = PATTERN_DIALECTS[key] ?? [];
  if ((allowed as readonly string[]).includes(v)) return v as Dialect;
  bag.warning("DEC_BAD_VALUE", `Cannot use type "${raw}" on <${el.name}>: using ${fallback}`, el.location, `Allowed: ${allowed.join(", ")}`);
  return fallback;
}

/** Checks an offset attribute of a prematch or regex and returns its value. */
export function regexOffsetOf(p: PatternSpec | undefined, hasParent: boolean, bag: DiagnosticBag): RegexOffset {
  const o = p?.offset;
  if (o === undefined || !p) return "none";
  if (o === "after_parent" || o === "after_regex") return o;
  if (o === "after_prematch") return hasParent ? o : "after_parent"; // Wazuh compat: silently turned into after_parent
  bag.error("DEC_BAD_VALUE", `Cannot use offset "${o}" on <regex>`, p.location, "Use after_parent, after_prematch or after_regex");
  return "none";
}
