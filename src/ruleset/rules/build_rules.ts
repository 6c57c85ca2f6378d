/**
 * Builds the rule tree from RuleSpecs in load order (semantics §1.4): duplicate ids (first
 * wins, or overwrite="yes" replaces in place keeping position and links), dropped rules (list
 * not loaded, invalid if_sid, no parent left — so their if_sid children drop too), placement
 * by id < 10 / if_sid / if_level / if_group / category, sibling order by internal level, and
 * the if_matched_sid/group links resolved against the rules loaded before.
 * Must not: throw; do I/O.
 */
import type { DiagnosticBag } from "../../core/mod.ts";
import { compileRule, type CompileContext } from "./compile_rule.ts";
import { compileGroupMatch } from "./group_match.ts";
import type { Rule } from "./rule.ts";
import type { RuleSpec } from "./rule_spec.ts";
import type { RuleNode, RuleTree } from "./rule_tree.ts";

class Node implements RuleNode {
  rule: Rule;
  readonly children: Node[] = [];
  readonly sidWatchers: Node[] = [];
  readonly groupWatchers: Node[] = [];
  positions = 0;
  constructor(rule: Rule) {
    this.rule = rule;
  }
}

export function buildRuleTree(specs: readonly RuleSpec[], ctx: CompileContext, bag: DiagnosticBag): RuleTree {
  const b = new TreeBuilder(ctx, bag);
  for (const spec of specs) b.add(spec);
  return b.freeze();
}

class TreeBuilder {
  readonly #ctx: CompileContext;
  readonly #bag: DiagnosticBag;
  readonly #byId = new Map<number, Node>();
  readonly #roots = new Map<string, Node[]>();
  readonly #nodes: Node[] = [];

  constructor(ctx: CompileContext, bag: DiagnosticBag) {
    this.#ctx = ctx;
    this.#bag = bag;
  }

  add(spec: RuleSpec): void {
    const existing = this.#byId.get(spec.id);
    if (existing && !spec.overwrite) {
      this.#bag.warning("RULE_DUPLICATE_ID", `Ignoring rule ${spec.id}: the id is already defined (first loaded wins)`, spec.location);
      return;
    }
    if (!this.#validLinks(spec)) return;
    const rule = compileRule(spec, this.#ctx, this.#bag);
    if (!rule) return;
    if (existing) {
      // Wazuh compat: overwrite keeps the tree position and every if_* / if_matched_* link.
      existing.rule = rule;
      return;
    }
    const node = new Node(rule);
    if (!this.#place(node, spec)) return;
    this.#byId.set(spec.id, node);
    this.#nodes.push(node);
    this.#link(node, spec);
  }

  #validLinks(spec: RuleSpec): boolean {
    const check = (text: string | undefined, what: string, pattern: RegExp) => {
      if (text === undefined || pattern.test(text)) return true;
      this.#bag.warning("RULE_INVALID_IF_SID", `Dropping rule ${spec.id}: <${what}> "${text}" must list rule ids`, spec.location);
      return false;
    };
    return (
      check(spec.ifSid, "if_sid", /^[\d,\s]*$/) &&
      check(spec.ifLevel, "if_level", /^\s*\d+\s*$/) &&
      check(spec.ifMatchedSid, "if_matched_sid", /^\s*\d+\s*$/)
    );
  }

  #place(node: Node, spec: RuleSpec): boolean {
    const category = spec.category ?? "syslog";
    if (spec.id < 10) {
      const list = this.#roots.get(category) ?? [];
      list.push(node);
      this.#roots.set(category, list);
      node.positions = 1;
      return true;
    }
    const ifSid = spec.ifSid ?? (spec.ifGroup === undefined ? spec.ifMatchedSid : undefined);
    const ifGroup = spec.ifGroup ?? (spec.ifSid === undefined ? spec.ifMatchedGroup : undefined);
    let parents: Node[];
    if (ifSid !== undefined) parents = this.#sidParents(ifSid, spec);
    else if (spec.ifLevel !== undefined) {
      const min = Number(spec.ifLevel.trim()) * 100;
      parents = this.#nodes.filter((n) => n.rule.internalLevel >= min);
    } else if (ifGroup !== undefined) {
      const matches = compileGroupMatch(ifGroup);
      parents = this.#nodes.filter((n) => matches(n.rule.groupString));
    } else {
      const template = this.#roots.get(category)?.[0];
      parents = template ? [template] : [];
    }
    if (parents.length === 0) {
      this.#bag.warning("RULE_NO_PARENT", `Dropping rule ${spec.id}: none of its parents is loaded`, spec.location);
      return false;
    }
    for (const parent of parents) insertChild(parent, node);
    return true;
  }

  #sidParents(ifSid: string, spec: RuleSpec): Node[] {
    const parents: Node[] = [];
    for (const text of ifSid.split(/[,\s]+/).filter(Boolean)) {
      const parent = this.#byId.get(Number(text));
      if (parent) {
        if (!parents.includes(parent)) parents.push(parent);
      } else this.#bag.warning("RULE_UNKNOWN_IF_SID", `Rule ${spec.id}: <if_sid> ${text} names no loaded rule`, spec.location);
    }
    return parents;
  }

  #link(node: Node, spec: RuleSpec): void {
    if (spec.ifMatchedSid !== undefined) {
      const target = this.#byId.get(Number(spec.ifMatchedSid.trim()));
      if (target) target.sidWatchers.push(node);
      else this.#bag.warning("RULE_UNKNOWN_IF_SID", `Rule ${spec.id}: <if_matched_sid> ${spec.ifMatchedSid.trim()} names no loaded rule`, spec.location);
    }
    if (spec.ifMatchedGroup !== undefined) {
      const r = this.#ctx.compile("osmatch", spec.ifMatchedGroup);
      if (!r.ok) return;
      for (const other of this.#nodes) {
        if (other === node || !r.matcher.test(other.rule.groupString)) continue;
        for (let i = 0; i < other.positions; i++) other.groupWatchers.push(node);
      }
    }
  }

  freeze(): RuleTree {
    for (const n of this.#nodes) {
      Object.freeze(n.children);
      Object.freeze(n.sidWatchers);
      Object.freeze(n.groupWatchers);
      Object.freeze(n);
    }
    const roots = new Map<string, readonly RuleNode[]>();
    for (const [k, v] of this.#roots) roots.set(k, Object.freeze(v));
    return Object.freeze({ roots, byId: this.#byId, nodes: Object.freeze(this.#nodes) });
  }
}

/** Children stay sorted by internal level, descending, stable in load order. */
function insertChild(parent: Node, child: Node): void {
  const level = child.rule.internalLevel;
  let i = parent.children.length;
  while (i > 0 && (parent.children[i - 1]?.rule.internalLevel ?? 0) < level) i--;
  parent.children.splice(i, 0, child);
  child.positions += parent.positions;
}
