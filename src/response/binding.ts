/**
 * Binding: which response definitions an alert's rule selects, exactly as Wazuh's
 * Rule_AddAR (wazuh-ar.md §1.5): level AND rules_group when both are set, else either one,
 * always OR rules_id; a block with none of the three never fires from rules; rules of level
 * 0 or with `no_ar` get nothing. `rules_group` is an OS_Regex pattern (case-insensitive,
 * substring, `|`, `^`/`$`, `\w \d \s \p \.` classes with `+`/`*`) over the rule's group string.
 * Must not: look at the alert's data (see alert_targets.ts) or do I/O.
 */
import type { ResponseDefinition } from "./response_definition.ts";

/** The rule fields binding reads (an Alert's `rule` is assignable). */
export interface BindableRule {
  readonly id: string;
  readonly level: number;
  readonly groups: readonly string[];
  readonly options?: readonly string[];
  readonly pci_dss?: readonly string[];
  readonly gdpr?: readonly string[];
  readonly hipaa?: readonly string[];
  readonly nist_800_53?: readonly string[];
  readonly tsc?: readonly string[];
  readonly gpg13?: readonly string[];
}

/**
 * Wazuh's group string: every group followed by a comma, compliance groups with their
 * prefixes (`pci_dss_10.2.4,`), as analysisd concatenates them.
 */
export function groupString(rule: BindableRule): string {
  const parts = [...rule.groups];
  const prefixed: [string, readonly string[] | undefined][] = [
    ["pci_dss_", rule.pci_dss], ["gdpr_", rule.gdpr], ["hipaa_", rule.hipaa],
    ["nist_800_53_", rule.nist_800_53], ["tsc_", rule.tsc], ["gpg13_", rule.gpg13],
  ];
  for (const [prefix, list] of prefixed) for (const v of list ?? []) parts.push(prefix + v);
  return parts.map((g) => `${g},`).join("");
}

const CLASSES: Record<string, string> = {
  w: "[A-Za-z0-9@_-]", W: "[^A-Za-z0-9@_-]", d: "[0-9]", D: "[^0-9]", s: "\\s", S: "\\S",
  p: "[()*+,\\-.:;<=>?\\[\\]!\"'#$%&|{}]", ".": "[\\s\\S]", t: "\\t", "\\": "\\\\", "$": "\\$", "|": "\\|", "(": "\\(", ")": "\\)",
};

/** Translates an OS_Regex pattern to a case-insensitive RegExp (the subset group strings need). */
export function osRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "\\" && i + 1 < pattern.length) {
      const next = pattern[++i] ?? "";
      out += CLASSES[next] ?? next.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
      continue;
    }
    if (c === "|" || (c === "^" && (i === 0 || pattern[i - 1] === "|"))) out += c;
    else if (c === "$" && (i === pattern.length - 1 || pattern[i + 1] === "|")) out += c;
    else if ((c === "+" || c === "*") && pattern[i - 1] !== undefined && pattern[i - 2] === "\\") out += c;
    else out += c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(out, "i");
}

/** True when `definition` is bound to `rule` (ignoring no_ar/level 0, see bindRule). */
export function matchesRule(definition: ResponseDefinition, rule: BindableRule, groups: string = groupString(rule)): boolean {
  const levelSet = definition.level > 0;
  const groupSet = definition.rulesGroup !== undefined && definition.rulesGroup !== "";
  const levelOk = levelSet && rule.level >= definition.level;
  const groupOk = groupSet && osRegex(definition.rulesGroup ?? "").test(groups);
  const mark = levelSet && groupSet ? levelOk && groupOk : levelOk || groupOk;
  return mark || definition.rulesId.includes(String(Number(rule.id)));
}

/** The definitions bound to `rule`, in configuration order. */
export function bindRule(rule: BindableRule, definitions: readonly ResponseDefinition[]): ResponseDefinition[] {
  if (rule.level <= 0 || (rule.options ?? []).includes("no_ar")) return [];
  const groups = groupString(rule);
  return definitions.filter((d) => matchesRule(d, rule, groups));
}

/**
 * A binder that caches per rule (Wazuh binds once at rule load; an alert's rule fields are
 * the rule's configured ones, so the cache key is id + level + groups).
 */
export function createBinder(definitions: readonly ResponseDefinition[]): (rule: BindableRule) => readonly ResponseDefinition[] {
  const cache = new Map<string, readonly ResponseDefinition[]>();
  return (rule) => {
    const key = `${rule.id}\u0000${rule.level}\u0000${groupString(rule)}\u0000${(rule.options ?? []).join(",")}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = Object.freeze(bindRule(rule, definitions));
      if (cache.size > 10_000) cache.clear();
      cache.set(key, hit);
    }
    return hit;
  };
}
