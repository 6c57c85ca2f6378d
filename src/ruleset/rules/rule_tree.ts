/**
 * The frozen rule tree: per-category top-level templates, nodes with their ordered children
 * (a rule placed under several parents shares one node, so the tree is a DAG), and the
 * stateful links (which rules watch a rule's events through if_matched_sid/group).
 */
import type { Rule } from "./rule.ts";

export interface RuleNode {
  readonly rule: Rule;
  /** Children in evaluation order (internal level descending, load order within a level). */
  readonly children: readonly RuleNode[];
  /** Rules with `if_matched_sid` naming this rule (they share this rule's event history). */
  readonly sidWatchers: readonly RuleNode[];
  /**
   * Rules with `if_matched_group` matching this rule's groups, once per tree position of this
   * rule at their load time (Wazuh registers each position).
   */
  readonly groupWatchers: readonly RuleNode[];
  /** How many places of the (unshared) Wazuh tree this rule occupies. */
  readonly positions: number;
}

export interface RuleTree {
  /** Templates (rules with id < 10) by their category, in load order. */
  readonly roots: ReadonlyMap<string, readonly RuleNode[]>;
  readonly byId: ReadonlyMap<number, RuleNode>;
  /** Every loaded rule, in load order. */
  readonly nodes: readonly RuleNode[];
}
