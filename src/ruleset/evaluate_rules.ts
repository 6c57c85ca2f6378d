/**
 * Rule evaluation for one event (semantics §1.5): the templates of the event's category are
 * tried in order; `check(rule)` tests the rule's own conditions, then its children in order,
 * and the first child that returns a rule wins (depth first); with no matching child a
 * noalert rule returns nothing and any other returns itself.
 * Must not: throw (conditions never do), read the clock (the caller passes times in).
 */
import { ChildIndex, childIndexOf } from "./child_index.ts";
import type { EventEntry, SessionState } from "./correlation/mod.ts";
import { anyField, type Condition, type RuleInput, type RuleNode, type RuleTree } from "./rules/mod.ts";

export interface RuleMatch {
  readonly node: RuleNode;
  /** The rule whose child list produced the match (Wazuh prev_rule), if any. */
  readonly parent: RuleNode | undefined;
}

/** The ignore-list key of an event for a list of fields (`user` is dstuser). */
export function ignoreKey(fields: readonly string[], input: RuleInput): string {
  let key = fields.join(",");
  for (const f of fields) key += `\u0001${(f === "user" ? input.staticField("dstuser") : anyField(input, f)) ?? ""}`;
  return key;
}

export function evaluateRules(tree: RuleTree, input: RuleInput, state: SessionState, entry: EventEntry): RuleMatch | undefined {
  const roots = tree.roots.get(input.category);
  if (!roots) return undefined;
  const walker = new Walker(input, state, entry, childIndexOf(tree));
  for (const root of roots) {
    const node = walker.check(root, undefined);
    if (node) return { node, parent: walker.parent };
  }
  return undefined;
}

class Walker {
  parent: RuleNode | undefined;
  readonly #input: RuleInput;
  readonly #state: SessionState;
  readonly #entry: EventEntry;
  readonly #index: ChildIndex;
  readonly #key: string;

  constructor(input: RuleInput, state: SessionState, entry: EventEntry, index: ChildIndex) {
    this.#input = input;
    this.#state = state;
    this.#entry = entry;
    this.#index = index;
    this.#key = ChildIndex.keyOf(input.decoderName, input.programName);
  }

  check(node: RuleNode, parent: RuleNode | undefined): RuleNode | undefined {
    if (!this.#matches(node)) return undefined;
    const children = this.#index.children(node, this.#input, this.#key);
    for (let i = 0; i < children.length; i++) {
      const found = this.check(children[i] as RuleNode, node);
      if (found) return found;
    }
    if (node.rule.noalert) return undefined;
    this.parent = parent;
    return node;
  }

  #matches(node: RuleNode): boolean {
    const rule = node.rule;
    const input = this.#input;
    const conditions = rule.conditions;
    for (let i = 0; i < conditions.length; i++) if (!(conditions[i] as Condition)(input)) return false;
    return rule.stateless || this.#stateful(node);
  }

  /** check_diff, if_fts, lists, check_if_ignored and if_matched_*, in Wazuh's order. */
  #stateful(node: RuleNode): boolean {
    const rule = node.rule;
    const input = this.#input;
    if (rule.checkDiff && !this.#state.logChanged(rule.id, input.hostname, input.log)) return false;
    if (rule.ifFts && (input.ftsKey === undefined || !this.#state.firstTimeSeen(input.ftsKey))) return false;
    for (const list of rule.lists) {
      const value = list.read(input);
      if (value === undefined || !list.test(value)) return false;
    }
    if (rule.checkIfIgnored.length > 0 && this.#state.isIgnored(ignoreKey(rule.checkIfIgnored, input))) return false;
    if (rule.correlation) return this.#state.correlation.search(node, input, this.#entry);
    return true;
  }
}
