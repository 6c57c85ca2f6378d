/**
 * The compiled rule: its stateless conditions as closures in Wazuh's evaluation order, its
 * output metadata, and the stateful parts (first-time-seen, check_diff, if_matched_*) that
 * the evaluator runs against the session state. Frozen once built.
 */
import type { ListPredicate } from "../lists/mod.ts";
import type { RuleInput } from "./rule_input.ts";
import type { CorrelationKey, RuleSpec } from "./rule_spec.ts";

export type Condition = (input: RuleInput) => boolean;

/** A `<field name>` condition on the value of that (dynamic) field; undefined = absent. */
export interface FieldTest {
  readonly name: string;
  readonly test: (value: string | undefined) => boolean;
}

/** One `<list>` condition: the field it reads and the compiled lookup. */
export interface ListCondition {
  readonly read: (input: RuleInput) => string | undefined;
  readonly test: ListPredicate;
}

/** The if_matched_* part of a rule (semantics §1.5.5). */
export interface Correlation {
  /** Earlier events needed besides the current one (frequency − 1, at least 1). */
  readonly needed: number;
  readonly timeframeMs: number;
  readonly same: readonly CorrelationKey[];
  readonly different: readonly CorrelationKey[];
  readonly sameFields: readonly string[];
  readonly differentFields: readonly string[];
  readonly globalFrequency: boolean;
}

export interface Rule {
  readonly id: number;
  /** The configured level (0-16). */
  readonly level: number;
  /** Wazuh's internal level: level×100, 9900 for level 0, unmultiplied with accuracy="0". */
  readonly internalLevel: number;
  readonly description: string;
  readonly groupString: string;
  /** The group string split on `,` (empty names dropped), in order. */
  readonly groups: readonly string[];
  readonly noalert: boolean;
  readonly options: ReadonlySet<string>;
  readonly mitre: readonly string[];
  readonly frequency: number | undefined;
  readonly timeframe: number;
  readonly ignoreSeconds: number | undefined;
  readonly conditions: readonly Condition[];
  /**
   * The rule's `<program_name>` condition alone (it is also in `conditions`), so the
   * evaluator can drop children that cannot match an event's program name in advance.
   */
  readonly programNameTest: ((programName: string | undefined) => boolean) | undefined;
  /** Each `<field>` condition alone (also in `conditions`), by lower-cased field name. */
  readonly fieldTests: readonly FieldTest[];
  /** True when the rule has none of check_diff, if_fts, lists, check_if_ignored, if_matched_*. */
  readonly stateless: boolean;
  readonly checkDiff: boolean;
  readonly ifFts: boolean;
  readonly lists: readonly ListCondition[];
  /** `<ignore>` fields: once the rule fires, their values are put on the session ignore list. */
  readonly ignoreFields: readonly string[];
  /** `<check_if_ignored>` fields: the rule fails when their values are on the ignore list. */
  readonly checkIfIgnored: readonly string[];
  /** Present for rules with if_matched_sid / if_matched_group. */
  readonly correlation: Correlation | undefined;
  readonly spec: RuleSpec;
}

/** Wazuh's internal level used for sibling order, if_level and "used" marks. */
export function internalLevelOf(level: number, accuracy: number | undefined): number {
  if (level === 0) return 9900;
  return accuracy === 0 ? level : level * 100;
}
