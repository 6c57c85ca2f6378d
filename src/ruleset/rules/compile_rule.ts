/**
 * Compiles a RuleSpec into a Rule: patterns through the injected compiler, conditions in
 * Wazuh's evaluation order (semantics §1.5.1), lists bound to the loaded CDB lists. A rule
 * whose list is not loaded, or that holds an invalid value, yields undefined with a
 * diagnostic (Wazuh drops it).
 * Must not: throw; do I/O.
 */
import type { DiagnosticBag } from "../../core/mod.ts";
import { compileLookup, isLookup, type CdbList } from "../lists/mod.ts";
import { COMPILED_CHECKS } from "./compiled_checks.ts";
import { compileIpList } from "./ip_list.ts";
import type { CompilePattern, PatternDialect, PatternMatcher } from "./pattern.ts";
import { internalLevelOf, type Condition, type Correlation, type FieldTest, type ListCondition, type Rule } from "./rule.ts";
import { STATIC_FIELDS, userOf, type RuleInput } from "./rule_input.ts";
import type { PatternKind, PatternSpec, RuleSpec } from "./rule_spec.ts";
import { compileTimeRange, compileWeekday } from "./time_window.ts";

export interface CompileContext {
  readonly compile: CompilePattern;
  readonly lists: ReadonlyMap<string, CdbList>;
  /** Every decoder name loaded; when given, an unknown `<decoded_as>` is an error. */
  readonly decoderNames?: ReadonlySet<string>;
}

export const CATEGORIES: ReadonlySet<string> = new Set(["syslog", "firewall", "ids", "web-log", "squid", "windows", "host-information", "ossec"]);

type Reader = (input: RuleInput) => string | undefined;
const fieldReader = (name: string): Reader => (input) => input.staticField(name);
const dynamicReader = (name: string): Reader => (input) => input.dynamicField(name);

/** Where each matcher element reads its value, and its default dialect. */
const SOURCES: Readonly<Record<PatternKind, { read: Reader; dialect: PatternDialect | "exact" }>> = {
  match: { read: (i) => i.log, dialect: "osmatch" },
  regex: { read: (i) => i.log, dialect: "osregex" },
  program_name: { read: (i) => i.programName, dialect: "osmatch" },
  hostname: { read: (i) => i.hostname, dialect: "osmatch" },
  location: { read: (i) => i.location, dialect: "osmatch" },
  user: { read: userOf, dialect: "osmatch" },
  action: { read: fieldReader("action"), dialect: "exact" },
  id: { read: fieldReader("id"), dialect: "osmatch" },
  url: { read: fieldReader("url"), dialect: "osmatch" },
  status: { read: fieldReader("status"), dialect: "osmatch" },
  protocol: { read: fieldReader("protocol"), dialect: "osmatch" },
  srcport: { read: fieldReader("srcport"), dialect: "osmatch" },
  dstport: { read: fieldReader("dstport"), dialect: "osmatch" },
  system_name: { read: fieldReader("system_name"), dialect: "osmatch" },
  data: { read: fieldReader("data"), dialect: "osmatch" },
  extra_data: { read: fieldReader("extra_data"), dialect: "osmatch" },
  srcgeoip: { read: fieldReader("srcgeoip"), dialect: "osmatch" },
  dstgeoip: { read: fieldReader("dstgeoip"), dialect: "osmatch" },
};

const ORDER_HEAD: readonly PatternKind[] = ["program_name", "id", "system_name", "protocol", "match", "regex", "action", "url", "location"];
const ORDER_PORTS: readonly PatternKind[] = ["srcport", "dstport"];
const ORDER_USER: readonly PatternKind[] = ["user", "srcgeoip", "dstgeoip"];
const ORDER_TAIL: readonly PatternKind[] = ["data", "extra_data", "hostname", "status"];

export function compileRule(spec: RuleSpec, ctx: CompileContext, bag: DiagnosticBag): Rule | undefined {
  const c = new ConditionCompiler(spec, ctx, bag);
  const conditions: Condition[] = [];
  if (spec.decodedAs !== undefined) conditions.push(c.decodedAs(spec.decodedAs));
  for (const kind of ORDER_HEAD) c.pattern(kind, conditions);
  for (const f of spec.fields) c.field(f.name, f.pattern, conditions);
  c.ip("srcip", conditions);
  c.ip("dstip", conditions);
  for (const kind of ORDER_PORTS) c.pattern(kind, conditions);
  if (spec.compiledRule !== undefined) c.compiledCheck(spec.compiledRule, conditions);
  for (const kind of ORDER_USER) c.pattern(kind, conditions);
  c.clockChecks(conditions);
  for (const kind of ORDER_TAIL) c.pattern(kind, conditions);
  if (spec.category !== undefined && !CATEGORIES.has(spec.category)) c.fail("RULE_UNKNOWN_CATEGORY", `<category> "${spec.category}" is not a decoder type`);
  const lists = spec.lists.map((l) => c.list(l)).filter((l): l is ListCondition => l !== undefined);
  if (!c.ok) return undefined;
  const correlation = correlationOf(spec);
  return Object.freeze({
    id: spec.id,
    level: spec.level,
    internalLevel: internalLevelOf(spec.level, spec.accuracy),
    description: spec.description,
    groupString: spec.groupString,
    groups: spec.groupString.split(",").map((g) => g.trim()).filter((g) => g !== ""),
    noalert: spec.noalert,
    options: new Set(spec.options),
    mitre: spec.mitre,
    frequency: spec.frequency,
    timeframe: spec.timeframe,
    ignoreSeconds: spec.ignoreSeconds,
    conditions,
    programNameTest: c.programNameTest,
    fieldTests: Object.freeze(c.fieldTests),
    stateless: !spec.checkDiff && !spec.ifFts && lists.length === 0 && spec.checkIfIgnored === undefined && correlation === undefined,
    checkDiff: spec.checkDiff,
    ifFts: spec.ifFts,
    lists,
    ignoreFields: fieldList(spec.ignoreFields),
    checkIfIgnored: fieldList(spec.checkIfIgnored),
    correlation,
    spec,
  });
}

function fieldList(text: string | undefined): readonly string[] {
  return Object.freeze((text ?? "").split(",").map((f) => f.trim().toLowerCase()).filter((f) => f !== ""));
}

function correlationOf(spec: RuleSpec): Correlation | undefined {
  if (spec.ifMatchedSid === undefined && spec.ifMatchedGroup === undefined) return undefined;
  return Object.freeze({
    needed: spec.frequency === undefined ? 1 : Math.max(1, spec.frequency - 1),
    timeframeMs: spec.timeframe * 1000,
    same: spec.same,
    different: spec.different,
    sameFields: spec.sameFields,
    differentFields: spec.differentFields,
    globalFrequency: spec.globalFrequency,
  });
}

class ConditionCompiler {
  ok = true;
  programNameTest: ((programName: string | undefined) => boolean) | undefined;
  readonly fieldTests: FieldTest[] = [];
  readonly #spec: RuleSpec;
  readonly #ctx: CompileContext;
  readonly #bag: DiagnosticBag;

  constructor(spec: RuleSpec, ctx: CompileContext, bag: DiagnosticBag) {
    this.#spec = spec;
    this.#ctx = ctx;
    this.#bag = bag;
  }

  fail(code: string, message: string, location = this.#spec.location): void {
    this.#bag.error(code, `Cannot load rule ${this.#spec.id}: ${message}`, location);
    this.ok = false;
  }

  decodedAs(name: string): Condition {
    if (this.#ctx.decoderNames && !this.#ctx.decoderNames.has(name)) this.fail("RULE_UNKNOWN_DECODER", `<decoded_as> names no loaded decoder "${name}"`);
    return (i) => i.decoderName === name;
  }

  pattern(kind: PatternKind, out: Condition[]): void {
    const p = this.#spec.patterns.get(kind);
    if (!p) return;
    const source = SOURCES[kind];
    const m = this.#matcher(p, p.dialect ?? source.dialect);
    if (!m) return;
    out.push(guard(source.read, m, p.negate));
    if (kind === "program_name") {
      const negate = p.negate;
      this.programNameTest = (name) => name !== undefined && m.test(name) !== negate;
    }
  }

  field(name: string, p: PatternSpec, out: Condition[]): void {
    if (STATIC_FIELDS.has(name.toLowerCase())) {
      this.fail("RULE_STATIC_FIELD", `<field name="${name}"> names a static field; use its own element`, p.location);
      return;
    }
    const m = this.#matcher(p, p.dialect ?? "osregex");
    if (!m) return;
    out.push(guard(dynamicReader(name), m, p.negate));
    const negate = p.negate;
    this.fieldTests.push({ name: name.toLowerCase(), test: (v) => v !== undefined && m.test(v) !== negate });
  }

  ip(kind: "srcip" | "dstip", out: Condition[]): void {
    const entries = this.#spec[kind];
    if (entries.length === 0) return;
    const { list, invalid } = compileIpList(entries);
    for (const bad of invalid) this.fail("RULE_BAD_VALUE", `<${kind}> "${bad}" is not an address, network or "any"`);
    const negate = this.#spec.ipNegate[kind];
    const read = fieldReader(kind);
    out.push((i) => {
      const v = read(i);
      return v !== undefined && list.matches(v) !== negate;
    });
  }

  compiledCheck(name: string, out: Condition[]): void {
    const check = COMPILED_CHECKS[name];
    if (check) out.push(check);
    else this.fail("RULE_BAD_VALUE", `<compiled_rule> "${name}" is not a known built-in check`);
  }

  clockChecks(out: Condition[]): void {
    const s = this.#spec;
    if (s.maxsize !== undefined) {
      const max = s.maxsize;
      out.push((i) => i.log.length >= max);
    }
    if (s.time !== undefined) {
      const t = compileTimeRange(s.time);
      if (t) out.push((i) => t(i.now));
      else this.fail("RULE_BAD_VALUE", `<time> "${s.time}" is not "hh:mm - hh:mm"`);
    }
    if (s.weekday !== undefined) {
      const w = compileWeekday(s.weekday);
      if (w) out.push((i) => w(i.now));
      else this.fail("RULE_BAD_VALUE", `<weekday> "${s.weekday}" is not a list of day names`);
    }
  }

  list(l: RuleSpec["lists"][number]): ListCondition | undefined {
    const list = this.#ctx.lists.get(l.listName);
    if (!list) {
      this.#bag.warning("RULE_LIST_NOT_LOADED", `Dropping rule ${this.#spec.id}: list "${l.listName}" is not configured`, l.location);
      this.ok = false;
      return undefined;
    }
    if (!isLookup(l.lookup)) {
      this.fail("RULE_BAD_LOOKUP", `lookup "${l.lookup}" is not a lookup kind`, l.location);
      return undefined;
    }
    let check: ((v: string) => boolean) | undefined;
    if (l.checkValue !== undefined) {
      const r = this.#ctx.compile("osmatch", l.checkValue);
      if (r.ok) check = (v) => r.matcher.test(v);
      else this.fail("RULE_BAD_PATTERN", `check_value "${l.checkValue}": ${r.message}`, l.location);
    }
    return { read: listFieldReader(l.field), test: compileLookup(list, l.lookup, check) };
  }

  #matcher(p: PatternSpec, dialect: PatternDialect | "exact"): PatternMatcher | undefined {
    if (dialect === "exact") {
      const text = p.text;
      return { test: (v) => v === text };
    }
    const r = this.#ctx.compile(dialect, p.text);
    if (r.ok) return r.matcher;
    this.fail("RULE_BAD_PATTERN", `${dialect} pattern "${p.text}": ${r.message}`, p.location);
    return undefined;
  }
}

/** A missing value fails the condition even with negate="yes" (semantics §1.5.1). */
function guard(read: Reader, m: PatternMatcher, negate: boolean): Condition {
  return negate
    ? (i) => {
        const v = read(i);
        return v !== undefined && !m.test(v);
      }
    : (i) => {
        const v = read(i);
        return v !== undefined && m.test(v);
      };
}

/** `<list field>`: `user` means srcuser first, then dstuser (semantics §1.5.2). */
function listFieldReader(field: string): Reader {
  const lower = field.toLowerCase();
  if (lower === "user") return (i) => i.staticField("srcuser") ?? i.staticField("dstuser");
  if (lower === "hostname") return (i) => i.hostname;
  if (lower === "program_name") return (i) => i.programName;
  return STATIC_FIELDS.has(lower) ? fieldReader(lower) : dynamicReader(field);
}
