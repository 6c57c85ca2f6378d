/**
 * Builds the frozen DecoderSet from decoder XML documents given in Wazuh's load order
 * (semantics §1.3): validates each decoder, compiles its patterns, splits top-level decoders
 * into the with/without program_name lists, attaches children to every same-named top-level
 * decoder loaded before them and links same-name sibling chains. Every problem is reported,
 * with its position; a decoder with an error is left out, the others load.
 * Must not: read files (callers pass parsed documents) or decode events.
 */
import { DiagnosticBag, type Diagnostic } from "../../core/mod.ts";
import type { XmlDocument } from "../../xml/mod.ts";
import { compileDecoderPattern, type Pattern } from "./_pattern.ts";
import type { ChildNode, Decoder, DecoderSet, FieldTarget, TopNode } from "./decoder.ts";
import { MAX_DYNAMIC_FIELDS, STATIC_FIELDS } from "./field_bag.ts";
import { parseDecoder, regexOffsetOf, type DecoderSpec, type PatternSpec } from "./parse_decoder.ts";
import { isPluginName, PLUGIN_NAMES } from "./plugins/mod.ts";

export interface LoadDecodersOptions {
  /**
   * Wazuh's internal option analysisd.decoder_order_size: the most fields an `<order>` may
   * name and the most dynamic fields one event can carry. Default 256 (MAX_DYNAMIC_FIELDS).
   */
  readonly decoderOrderSize?: number;
}

export interface LoadDecodersResult {
  readonly decoders: DecoderSet;
  readonly diagnostics: Diagnostic[];
}

interface MutableTop {
  readonly decoder: Decoder;
  readonly children: { decoder: Decoder; chained: boolean }[];
}

function orderSize(options: LoadDecodersOptions | undefined): number {
  const n = options?.decoderOrderSize;
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : MAX_DYNAMIC_FIELDS;
}

class Builder {
  readonly bag = new DiagnosticBag();
  readonly maxFields: number;
  readonly withProgramName: MutableTop[] = [];
  readonly withoutProgramName: MutableTop[] = [];
  readonly ids = new Map<string, number>();
  readonly byName = new Map<string, Decoder[]>();
  /** Names of top-level decoders left out because of errors (for a clearer parent message). */
  readonly dropped = new Set<string>();

  constructor(maxFields: number) {
    this.maxFields = maxFields;
  }

  idFor(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(name, id);
    }
    return id;
  }
}

/** Loads decoders from documents in load order. Never throws on bad input. */
export function loadDecoders(docs: readonly XmlDocument[], options?: LoadDecodersOptions): LoadDecodersResult {
  const b = new Builder(orderSize(options));
  for (const doc of docs) {
    for (const root of doc.roots) {
      if (root.name.toLowerCase() !== "decoder") {
        b.bag.error("DEC_UNKNOWN_ROOT", `Cannot load <${root.name}> in a decoder file: only <decoder> is allowed`, root.location);
        continue;
      }
      const before = b.bag.list.length;
      const spec = parseDecoder(root, b.bag);
      if (spec) addDecoder(b, spec, before);
    }
  }
  return { decoders: freezeSet(b), diagnostics: b.bag.list };
}

/** Adds one parsed decoder; `before` = diagnostics count before parsing it. */
function addDecoder(b: Builder, spec: DecoderSpec, before: number): void {
  const parents = spec.parent === undefined ? [] : findParents(b, spec.parent);
  validate(b.bag, spec);
  if (spec.parent !== undefined && parents.length === 0) {
    const why = b.dropped.has(spec.parent) ? "it was left out because of its own errors" : "a parent must be a top-level decoder loaded before its children";
    b.bag.error("DEC_UNKNOWN_PARENT", `Cannot find parent decoder "${spec.parent}" of "${spec.name}"`, spec.location, why);
  }
  const decoder = compile(b, spec);
  if (!decoder || hasNewErrors(b.bag, before)) {
    if (spec.parent === undefined) b.dropped.add(spec.name);
    return;
  }
  if (spec.parent === undefined) {
    const top: MutableTop = { decoder, children: [] };
    (decoder.programName ? b.withProgramName : b.withoutProgramName).push(top);
  } else {
    if (!attachChild(b.bag, parents, decoder, spec)) return;
  }
  const list = b.byName.get(decoder.name);
  if (list) list.push(decoder);
  else b.byName.set(decoder.name, [decoder]);
}

function hasNewErrors(bag: DiagnosticBag, from: number): boolean {
  return bag.list.slice(from).some((d) => d.severity === "error");
}

function findParents(b: Builder, name: string): MutableTop[] {
  return [...b.withProgramName, ...b.withoutProgramName].filter((t) => t.decoder.name === name);
}

function validate(bag: DiagnosticBag, spec: DecoderSpec): void {
  const where = `decoder "${spec.name}"`;
  if (spec.parent === undefined && !spec.prematch && !spec.programName) {
    bag.error("DEC_NO_PREMATCH", `Cannot load ${where}: a top-level decoder needs <prematch> or <program_name>`, spec.location);
  }
  if (spec.regex && !spec.order) bag.error("DEC_REGEX_WITHOUT_ORDER", `Cannot load ${where}: <regex> without <order>`, spec.regex.location);
  if (spec.order && !spec.regex) bag.error("DEC_ORDER_WITHOUT_REGEX", `Cannot load ${where}: <order> without <regex>`, spec.order.location);
  if (spec.regex?.dialect === "osregex" && !hasOsRegexGroup(spec.regex.text)) {
    bag.error("DEC_REGEX_NO_GROUP", `Cannot load ${where}: the OS_Regex <regex> has no capture group`, spec.regex.location);
  }
  if (spec.plugin) {
    if (spec.regex || spec.order) bag.error("DEC_PLUGIN_WITH_REGEX", `Cannot load ${where}: a plug-in decoder cannot have <regex> or <order>`, spec.plugin.location);
    if (!isPluginName(spec.plugin.name)) {
      bag.error("DEC_UNKNOWN_PLUGIN", `Cannot find plug-in decoder "${spec.plugin.name}"`, spec.plugin.location, `Known: ${PLUGIN_NAMES.join(", ")}`);
    }
  }
  validateOffsets(bag, spec, where);
  validateFts(bag, spec, where);
}

function validateOffsets(bag: DiagnosticBag, spec: DecoderSpec, where: string): void {
  const child = spec.parent !== undefined;
  const pm = spec.prematch;
  if (pm?.offset !== undefined && pm.offset !== "after_parent") {
    bag.error("DEC_BAD_VALUE", `Cannot use offset "${pm.offset}" on <prematch>`, pm.location, "Use after_parent");
  } else if (pm?.offset === "after_parent" && !child) {
    bag.error("DEC_BAD_OFFSET", `Cannot use after_parent on the <prematch> of ${where}: it has no parent`, pm.location);
  }
  const off = spec.regex?.offset;
  const at = spec.regex?.location ?? spec.location;
  if (off === "after_parent" && !child) bag.error("DEC_BAD_OFFSET", `Cannot use after_parent in ${where}: it has no parent`, at);
  if (off === "after_prematch" && child && !pm) bag.error("DEC_BAD_OFFSET", `Cannot use after_prematch in ${where}: it has no <prematch>`, at);
  if (off === "after_regex" && !child) bag.error("DEC_BAD_OFFSET", `Cannot use after_regex in ${where}: it has no parent`, at);
}

/** Wazuh compat: fts names are static fields, `name`, `location`, or a field of this `<order>`. */
const FTS_NAMES: ReadonlySet<string> = new Set(["dstuser", "user", "srcuser", "srcip", "dstip", "id", "location", "data", "extra_data", "system_name", "name"]);

function validateFts(bag: DiagnosticBag, spec: DecoderSpec, where: string): void {
  if (spec.fts.length === 0) return;
  const at = spec.ftsLocation ?? spec.location;
  if (!spec.regex) bag.error("DEC_FTS_WITHOUT_REGEX", `Cannot load ${where}: <fts> without <regex>`, at);
  const own = new Set((spec.order?.names ?? []).map((n) => n.toLowerCase()));
  for (const w of spec.fts) {
    if (!FTS_NAMES.has(w) && !own.has(w.toLowerCase())) bag.error("DEC_BAD_VALUE", `Cannot use "${w}" in the <fts> of ${where}: not a field of this decoder`, at);
  }
}

/** An OS_Regex capture group is a `(` not escaped by a backslash. */
function hasOsRegexGroup(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "(") return true;
  }
  return false;
}

function compilePattern(bag: DiagnosticBag, spec: DecoderSpec, p: PatternSpec | undefined, what: string): Pattern | undefined {
  if (!p) return undefined;
  const r = compileDecoderPattern(p.dialect, p.text, what === "regex");
  if (r.ok) return r.pattern;
  bag.error("DEC_BAD_PATTERN", `Cannot compile <${what}> of decoder "${spec.name}": ${r.message}`, p.location);
  return undefined;
}

function orderTargets(spec: DecoderSpec): FieldTarget[] {
  return (spec.order?.names ?? []).map((n) => {
    const name = n === "user" ? "dstuser" : n;
    return { name, isStatic: STATIC_FIELDS.has(name) };
  });
}

function compile(b: Builder, spec: DecoderSpec): Decoder | undefined {
  const hasParent = spec.parent !== undefined;
  const programName = compilePattern(b.bag, spec, spec.programName, "program_name");
  const prematch = compilePattern(b.bag, spec, spec.prematch, "prematch");
  const regex = compilePattern(b.bag, spec, spec.regex, "regex");
  if (spec.order && spec.order.names.length > b.maxFields) {
    b.bag.error("DEC_BAD_VALUE", `Cannot load decoder "${spec.name}": <order> names more than ${b.maxFields} fields`, spec.order.location);
  }
  const d: Decoder = {
    name: spec.name,
    id: b.idFor(spec.name),
    type: spec.type,
    prematchAfterParent: spec.prematch?.offset === "after_parent",
    regexOffset: regexOffsetOf(spec.regex, hasParent, b.bag),
    order: orderTargets(spec),
    pluginOffset: spec.plugin?.offset ?? "none",
    jsonNull: spec.jsonNull,
    jsonArray: spec.jsonArray,
    useOwnName: spec.useOwnName,
    fts: spec.fts,
    accumulate: spec.accumulate,
    location: spec.location,
    ...(spec.parent !== undefined ? { parent: spec.parent } : {}),
    ...(programName ? { programName } : {}),
    ...(prematch ? { prematch } : {}),
    ...(regex ? { regex } : {}),
    ...(spec.plugin && isPluginName(spec.plugin.name) ? { plugin: spec.plugin.name } : {}),
    ...(spec.ftsComment !== undefined ? { ftsComment: spec.ftsComment } : {}),
  };
  return d;
}

/** Adds a child to every parent, linking it to earlier same-named siblings (Wazuh get_next). */
function attachChild(bag: DiagnosticBag, parents: readonly MutableTop[], decoder: Decoder, spec: DecoderSpec): boolean {
  const extracts = (d: Decoder) => d.regex !== undefined || d.plugin !== undefined;
  for (const parent of parents) {
    const same = parent.children.filter((c) => c.decoder.name === decoder.name);
    if (same.length > 0) {
      if (decoder.prematch) {
        bag.error("DEC_SIBLING_PREMATCH", `Cannot load decoder "${decoder.name}": only the first same-named sibling may have <prematch>`, spec.location);
        return false;
      }
      if (decoder.fts.length > 0) {
        bag.error("DEC_SIBLING_FTS", `Cannot load decoder "${decoder.name}": only the first same-named sibling may have <fts>`, spec.location);
        return false;
      }
      if (!extracts(decoder) || same.some((c) => !extracts(c.decoder))) {
        bag.error("DEC_SIBLING_NO_REGEX", `Cannot load decoder "${decoder.name}": same-named siblings need <regex> or <plugin_decoder>`, spec.location);
        return false;
      }
    } else if (decoder.regexOffset === "after_regex") {
      bag.error("DEC_BAD_OFFSET", `Cannot use after_regex in decoder "${decoder.name}": no earlier same-named sibling has a <regex>`, spec.regex?.location ?? spec.location);
      return false;
    }
  }
  for (const parent of parents) {
    for (const c of parent.children) if (c.decoder.name === decoder.name) c.chained = true;
    parent.children.push({ decoder, chained: false });
  }
  return true;
}

function freezeTop(t: MutableTop): TopNode {
  const children: ChildNode[] = t.children.map((c) => Object.freeze({ decoder: Object.freeze(c.decoder), chained: c.chained }));
  return Object.freeze({ decoder: Object.freeze(t.decoder), children: Object.freeze(children) });
}

function freezeSet(b: Builder): DecoderSet {
  const byName = new Map<string, readonly Decoder[]>();
  for (const [k, v] of b.byName) byName.set(k, Object.freeze([...v]));
  const ids = new Map(b.ids);
  const names = Object.freeze([...byName.keys()]);
  return Object.freeze({
    withProgramName: Object.freeze(b.withProgramName.map(freezeTop)),
    withoutProgramName: Object.freeze(b.withoutProgramName.map(freezeTop)),
    names,
    maxFields: b.maxFields,
    byName: (name: string) => byName.get(name) ?? [],
    idOf: (name: string) => (byName.has(name) ? ids.get(name) : undefined),
  });
}
