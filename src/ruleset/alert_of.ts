/**
 * Builds Wazuh's alert JSON (alerts.json shape) for a matched rule: rule block with groups
 * split from their compliance prefixes (pci_dss_, gdpr_, …), MITRE ids, `$(field)`
 * placeholders filled in the description, decoded fields nested by their dotted names.
 * Must not: throw on hostile field names or values (`__proto__` is a plain key here).
 */
import type { Alert, AlertMitre } from "../core/mod.ts";
import type { DecodedEvent } from "./decoded_event.ts";
import { anyField, STATIC_FIELDS, type Rule, type RuleInput } from "./rules/mod.ts";

const COMPLIANCE = ["pci_dss", "gdpr", "hipaa", "nist_800_53", "tsc", "gpg13"] as const;
type Compliance = (typeof COMPLIANCE)[number];

/** The rule part of an analysis result and of the alert. */
export interface MatchedRule {
  readonly id: string;
  readonly level: number;
  readonly description: string;
  readonly groups: readonly string[];
  readonly mitre: AlertMitre | undefined;
  readonly firedtimes: number;
  readonly options: readonly string[];
  readonly compliance: Readonly<Partial<Record<Compliance, readonly string[]>>>;
  readonly frequency: number | undefined;
}

type StaticPart = Omit<MatchedRule, "description" | "firedtimes">;
const staticParts = new WeakMap<Rule, StaticPart>();

/** The parts of a MatchedRule that depend on the rule only, computed once per rule. */
function staticPartOf(rule: Rule): StaticPart {
  let part = staticParts.get(rule);
  if (part) return part;
  const groups: string[] = [];
  const compliance: Partial<Record<Compliance, string[]>> = {};
  for (const g of rule.groups) {
    const kind = COMPLIANCE.find((c) => g.startsWith(`${c}_`));
    if (kind) (compliance[kind] ??= []).push(g.slice(kind.length + 1));
    else groups.push(g);
  }
  part = Object.freeze({
    id: String(rule.id),
    level: rule.level,
    groups: Object.freeze(groups),
    mitre: rule.mitre.length > 0 ? Object.freeze({ id: rule.mitre, tactic: [], technique: [] }) : undefined,
    options: Object.freeze([...rule.options]),
    compliance: Object.freeze(compliance),
    frequency: rule.frequency,
  });
  staticParts.set(rule, part);
  return part;
}

export function matchedRuleOf(rule: Rule, input: RuleInput, firedtimes: number): MatchedRule {
  return { ...staticPartOf(rule), description: describe(rule.description, input), firedtimes };
}

const MAX_DESCRIPTION = 1024;

/** `$(name)` placeholders (semantics §1.5.3); over 1024 chars falls back to the raw text. */
export function describe(description: string, input: RuleInput): string {
  if (!description.includes("$(")) return description;
  const out = description.replace(/\$\(([^)]*)\)/g, (_m, name: string) => placeholder(name, input) ?? "");
  return out.length > MAX_DESCRIPTION ? description : out;
}

function placeholder(name: string, input: RuleInput): string | undefined {
  if (name === "program_name") return input.programName;
  if (name === "hostname") return input.hostname;
  if (STATIC_FIELDS.has(name)) return input.staticField(name);
  return anyField(input, name);
}

export interface AlertContext {
  readonly timestampMs: number;
  readonly alertId: string;
  readonly managerName: string;
}

export function alertOf(rule: Rule, matched: MatchedRule, decoded: DecodedEvent, ctx: AlertContext): Alert {
  const raw = decoded.raw;
  const p = decoded.predecoded;
  const ruleBlock: Record<string, unknown> = {
    level: matched.level,
    description: matched.description,
    id: matched.id,
    firedtimes: matched.firedtimes,
    mail: rule.options.has("alert_by_email"),
    groups: matched.groups,
  };
  if (matched.mitre) ruleBlock["mitre"] = matched.mitre;
  for (const c of COMPLIANCE) {
    const list = matched.compliance[c];
    if (list) ruleBlock[c] = list;
  }
  if (rule.frequency !== undefined) ruleBlock["frequency"] = rule.frequency;
  if (matched.options.length > 0) ruleBlock["options"] = matched.options;
  const alert: Record<string, unknown> = {
    timestamp: wazuhTimestamp(ctx.timestampMs),
    rule: ruleBlock,
    agent: raw.agentIp === undefined ? { id: p.agentId, name: raw.agentName } : { id: p.agentId, name: raw.agentName, ip: raw.agentIp },
    manager: { name: ctx.managerName },
    id: ctx.alertId,
  };
  if (!rule.options.has("no_full_log")) alert["full_log"] = p.fullLog;
  // FIM events (rules 550/553/554): Wazuh's `syscheck` block (path, event, size_after, md5_after, …).
  if (decoded.syscheck) alert["syscheck"] = decoded.syscheck;
  const pre = predecoderBlock(decoded);
  if (pre) alert["predecoder"] = pre;
  if (decoded.decoderName !== undefined) {
    alert["decoder"] = decoded.decoderParent === undefined ? { name: decoded.decoderName } : { parent: decoded.decoderParent, name: decoded.decoderName };
  }
  const data = dataOf(decoded);
  if (data) alert["data"] = data;
  alert["location"] = p.location;
  return alert as unknown as Alert;
}

function predecoderBlock(decoded: DecodedEvent): Record<string, string> | undefined {
  const p = decoded.predecoded;
  const out: Record<string, string> = {};
  if (p.programName !== undefined) out["program_name"] = p.programName;
  if (p.timestamp !== undefined) out["timestamp"] = p.timestamp;
  if (p.timestamp !== undefined && p.hostname !== undefined) out["hostname"] = p.hostname;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Decoded fields, dotted names nested (`win.system.eventID` → data.win.system.eventID). */
export function dataOf(decoded: DecodedEvent): Record<string, unknown> | undefined {
  if (decoded.fields.size === 0) return undefined;
  // Plain objects (fast to serialise); hostile keys like `__proto__` go through define().
  const data: Record<string, unknown> = {};
  for (const [name, value] of decoded.fields) {
    if (name.includes(".")) setPath(data, name, value);
    else if (!Object.hasOwn(data, name)) define(data, name, value);
  }
  return data;
}

function setPath(root: Record<string, unknown>, name: string, value: string): void {
  const parts = name.split(".");
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] as string;
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === undefined) {
      const created: Record<string, unknown> = {};
      define(node, key, created);
      node = created;
    } else if (typeof next === "object" && next !== null) node = next as Record<string, unknown>;
    else {
      // A leaf already holds this prefix: keep the field under its full dotted name.
      if (!Object.hasOwn(root, name)) define(root, name, value);
      return;
    }
  }
  const last = parts[parts.length - 1] as string;
  if (!Object.hasOwn(node, last)) define(node, last, value);
}

/** Sets an own enumerable property, also for `__proto__` (never touches a prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

let lastSecond = Number.NaN;
let lastPrefix = "";

/** Wazuh's alert timestamp: `2026-01-01T00:00:00.000+0000` (UTC). */
export function wazuhTimestamp(ms: number): string {
  const t = Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? Math.floor(ms) : 0;
  const second = Math.floor(t / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  return `${lastPrefix}${String(t - second * 1000).padStart(3, "0")}+0000`;
}
