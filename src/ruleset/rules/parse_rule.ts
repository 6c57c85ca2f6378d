/**
 * Parses the `<group>`/`<rule>` XML of one rule file into RuleSpecs (pure: no I/O, no
 * compilation). Wazuh compat (semantics §1.4): repeated matcher elements are concatenated
 * and the last occurrence's `type`/`negate` apply; `<group>` text is appended to the group
 * name; the first newline of a description becomes a space; element names are
 * case-insensitive; contents are raw (patterns keep their spaces).
 * Must not: throw on any input; every problem is a positioned diagnostic.
 */
import type { DiagnosticBag, SourceLocation } from "../../core/mod.ts";
import type { XmlDocument, XmlElement } from "../../xml/mod.ts";
import { correlationElement } from "./correlation_keys.ts";
import { isDialect } from "./pattern.ts";
import { PATTERN_KINDS, type PatternKind, type PatternSpec, type RuleSpec } from "./rule_spec.ts";
import { attribute, attributeValue, parseDigits } from "./xml_access.ts";
import { RuleSpecBuilder } from "./rule_spec_builder.ts";

const PATTERN_SET: ReadonlySet<string> = new Set(PATTERN_KINDS);
const KNOWN_OPTIONS = new Set(["no_full_log", "alert_by_email", "no_email_alert", "log_alert", "no_log", "no_ar", "no_counter"]);
const RULE_ATTRIBUTES = new Set(["id", "level", "frequency", "timeframe", "ignore", "maxsize", "noalert", "overwrite", "accuracy"]);

/** Parses every rule of a file. A file with a stateful option misuse yields no rule at all. */
export function parseRuleFile(doc: XmlDocument, bag: DiagnosticBag): RuleSpec[] {
  const out: RuleSpec[] = [];
  const before = bag.list.length;
  for (const root of doc.roots) {
    if (root.name.toLowerCase() !== "group" || attributeValue(root, "name") === undefined) {
      bag.error("RULE_NOT_GROUP", `Cannot load "${root.name}": rule files hold <group name="..."> elements`, root.location);
      continue;
    }
    const groupName = attributeValue(root, "name") ?? "";
    for (const child of root.children) {
      if (child.name.toLowerCase() !== "rule") {
        bag.error("RULE_UNKNOWN_ELEMENT", `Cannot load <${child.name}> inside <group>: only <rule> is allowed`, child.location);
        continue;
      }
      const spec = parseRule(child, groupName, doc.file, bag);
      if (spec) out.push(spec);
    }
  }
  const rejected = bag.list.slice(before).some((d) => d.code === "RULE_STATEFUL_WITHOUT_MATCH");
  return rejected ? [] : out;
}

function parseRule(el: XmlElement, groupName: string, file: string, bag: DiagnosticBag): RuleSpec | undefined {
  const b = new RuleSpecBuilder(file, el.location, groupName);
  if (!parseAttributes(el, b, bag)) return undefined;
  const patternParts = new Map<PatternKind, { text: string; last: XmlElement }>();
  let ok = true;
  for (const child of el.children) {
    const name = child.name.toLowerCase();
    if (PATTERN_SET.has(name)) {
      const kind = name as PatternKind;
      const prev = patternParts.get(kind);
      patternParts.set(kind, { text: (prev?.text ?? "") + child.text, last: child });
      continue;
    }
    ok = parseElement(name, child, b, bag) && ok;
  }
  for (const [kind, part] of patternParts) b.patterns.set(kind, patternSpec(part.text, part.last, bag));
  if (b.description === undefined) {
    bag.error("RULE_NO_DESCRIPTION", `Cannot load rule ${b.id}: it has no <description>`, el.location);
    ok = false;
  }
  checkStateful(b, el.location, bag);
  return ok ? b.build() : undefined;
}

function parseAttributes(el: XmlElement, b: RuleSpecBuilder, bag: DiagnosticBag): boolean {
  let ok = true;
  const number = (name: string, min: number, max: number): number | undefined => {
    const a = attribute(el, name);
    if (!a) return undefined;
    const n = parseDigits(a.value);
    if (n === undefined || n < min || n > max) {
      bag.error("RULE_BAD_ATTRIBUTE", `Cannot load rule: ${name}="${a.value}" must be a number from ${min} to ${max}`, a.valueLocation);
      ok = false;
    }
    return n;
  };
  const id = attribute(el, "id");
  if (!id || !/^\d{1,6}$/.test(id.value.trim())) {
    bag.error("RULE_BAD_ATTRIBUTE", `Cannot load rule: id="${id?.value ?? ""}" must be 1 to 6 digits`, id?.valueLocation ?? el.location);
    return false;
  }
  b.id = Number(id.value.trim());
  const level = number("level", 0, 16);
  if (attribute(el, "level") === undefined) {
    bag.error("RULE_BAD_ATTRIBUTE", `Cannot load rule ${b.id}: it has no level`, el.location);
    ok = false;
  }
  b.level = level ?? 0;
  b.frequency = number("frequency", 2, 9999);
  b.timeframe = number("timeframe", 1, 99999999) ?? 360;
  b.ignoreSeconds = number("ignore", 0, 99999999);
  b.maxsize = number("maxsize", 1, 99999);
  b.accuracy = number("accuracy", 0, 1);
  // Wazuh compat: the value is read with atoi, so noalert="0" (or "yes") does not silence.
  b.noalert = atoi(attributeValue(el, "noalert") ?? "0") !== 0;
  b.overwrite = attributeValue(el, "overwrite")?.trim() === "yes";
  for (const a of el.attributes) {
    if (!RULE_ATTRIBUTES.has(a.name.toLowerCase())) bag.warning("RULE_UNKNOWN_ATTRIBUTE", `Ignoring unknown rule attribute "${a.name}"`, a.location);
  }
  return ok;
}

function atoi(text: string): number {
  const m = /^\s*[+-]?\d+/.exec(text);
  return m ? Number(m[0]) : 0;
}

function patternSpec(text: string, last: XmlElement, bag: DiagnosticBag): PatternSpec {
  const type = attribute(last, "type");
  let dialect: PatternSpec["dialect"];
  if (type) {
    const t = type.value.trim().toLowerCase();
    if (isDialect(t)) dialect = t;
    else bag.warning("RULE_BAD_TYPE", `Ignoring type="${type.value}": use osmatch, osregex or pcre2`, type.valueLocation);
  }
  return { text, dialect, negate: attributeValue(last, "negate")?.trim() === "yes", location: last.textLocation };
}

type ElementParser = (child: XmlElement, b: RuleSpecBuilder, bag: DiagnosticBag) => boolean;

const ELEMENTS: Readonly<Record<string, ElementParser>> = {
  description: (c, b) => ((b.description = (b.description ?? "") + c.text), true),
  group: (c, b) => ((b.groupString += c.text), true),
  category: (c, b) => ((b.category = c.text.trim()), true),
  decoded_as: (c, b) => ((b.decodedAs = c.text.trim()), true),
  if_sid: (c, b) => ((b.ifSid = c.text), true),
  if_group: (c, b) => ((b.ifGroup = c.text.trim()), true),
  if_level: (c, b) => ((b.ifLevel = c.text), true),
  if_matched_sid: (c, b) => ((b.ifMatchedSid = c.text), true),
  if_matched_group: (c, b) => ((b.ifMatchedGroup = c.text.trim()), true),
  if_matched_regex: (c, b) => ((b.ifMatchedRegex = c.text), true),
  field: parseField,
  srcip: (c, b) => (b.srcip.push(c.text.trim()), (b.ipNegate.srcip = isNegate(c)), true),
  dstip: (c, b) => (b.dstip.push(c.text.trim()), (b.ipNegate.dstip = isNegate(c)), true),
  list: parseList,
  compiled_rule: (c, b) => ((b.compiledRule = c.text.trim()), true),
  time: (c, b) => ((b.time = c.text.trim()), true),
  weekday: (c, b) => ((b.weekday = c.text.trim()), true),
  if_fts: (_c, b) => ((b.ifFts = true), true),
  check_diff: (_c, b) => ((b.checkDiff = true), true),
  check_if_ignored: (c, b) => ((b.checkIfIgnored = c.text.trim()), true),
  ignore: (c, b) => ((b.ignoreFields = c.text.trim()), true),
  global_frequency: (_c, b) => ((b.globalFrequency = true), true),
  options: parseOptions,
  mitre: (c, b) => (c.children.forEach((m) => { if (m.name.toLowerCase() === "id") b.mitre.push(m.text.trim()); }), true),
  info: (c, b) => (b.info.push({ type: attributeValue(c, "type")?.trim() ?? "text", text: c.text }), true),
  cve: (c, b) => (b.info.push({ type: "cve", text: c.text }), true),
};

function isNegate(el: XmlElement): boolean {
  return attributeValue(el, "negate")?.trim() === "yes";
}

function parseElement(name: string, child: XmlElement, b: RuleSpecBuilder, bag: DiagnosticBag): boolean {
  const parser = ELEMENTS[name];
  if (parser) return parser(child, b, bag);
  const corr = correlationElement(name);
  if (!corr) {
    bag.error("RULE_UNKNOWN_ELEMENT", `Cannot load rule ${b.id}: unknown element <${child.name}>`, child.location);
    return false;
  }
  b.statefulElements.push(name);
  if (corr.kind === "same") b.same.push(corr.key);
  else if (corr.kind === "different") b.different.push(corr.key);
  else if (corr.kind === "same_field") b.sameFields.push(child.text.trim());
  else if (corr.kind === "different_field") b.differentFields.push(child.text.trim());
  return true;
}

function parseField(c: XmlElement, b: RuleSpecBuilder, bag: DiagnosticBag): boolean {
  const name = attributeValue(c, "name")?.trim();
  if (!name) {
    bag.error("RULE_BAD_VALUE", `Cannot load rule ${b.id}: <field> needs a name attribute`, c.location);
    return false;
  }
  b.fields.push({ name, pattern: patternSpec(c.text, c, bag) });
  return true;
}

function parseList(c: XmlElement, b: RuleSpecBuilder, bag: DiagnosticBag): boolean {
  const field = attributeValue(c, "field")?.trim();
  if (!field) {
    bag.error("RULE_BAD_VALUE", `Cannot load rule ${b.id}: <list> needs a field attribute`, c.location);
    return false;
  }
  b.lists.push({
    field,
    lookup: attributeValue(c, "lookup")?.trim() || "match_key",
    checkValue: attributeValue(c, "check_value"),
    listName: c.text.trim(),
    location: c.location,
  });
  return true;
}

function parseOptions(c: XmlElement, b: RuleSpecBuilder, bag: DiagnosticBag): boolean {
  const option = c.text.trim();
  if (KNOWN_OPTIONS.has(option)) b.options.push(option);
  else bag.warning("RULE_UNKNOWN_OPTION", `Ignoring unknown option "${option}" in rule ${b.id}`, c.textLocation);
  return true;
}

function checkStateful(b: RuleSpecBuilder, location: SourceLocation, bag: DiagnosticBag): void {
  const stateful = b.frequency !== undefined || b.statefulElements.length > 0 || b.globalFrequency;
  if (!stateful || b.ifMatchedSid !== undefined || b.ifMatchedGroup !== undefined || b.ifMatchedRegex !== undefined || b.checkDiff) return;
  bag.error(
    "RULE_STATEFUL_WITHOUT_MATCH",
    `Cannot load rule ${b.id}: frequency, same_* or different_* need if_matched_sid or if_matched_group (Wazuh rejects the whole file)`,
    location,
  );
}
