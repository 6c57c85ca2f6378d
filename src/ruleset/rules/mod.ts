/**
 * Public entry of ruleset/rules: parsing rule XML into specs, building the frozen rule tree,
 * and the types the evaluator and engine read.
 */
export { parseRuleFile } from "./parse_rule.ts";
export { buildRuleTree } from "./build_rules.ts";
export { CATEGORIES, type CompileContext } from "./compile_rule.ts";
export { ruleCodes } from "./codes.ts";
export { STATIC_FIELDS, anyField, userOf, type RuleInput } from "./rule_input.ts";
export { isDialect, type CompilePattern, type CompileResult, type PatternDialect, type PatternMatcher } from "./pattern.ts";
export type { Correlation, Rule, Condition, FieldTest, ListCondition } from "./rule.ts";
export type { CorrelationKey, RuleSpec } from "./rule_spec.ts";
export type { RuleNode, RuleTree } from "./rule_tree.ts";
