/**
 * Public entry of the pattern languages: Wazuh's OS_Regex, OS_Match (sregex) and PCRE2,
 * compiled to fast, bounded JavaScript matchers (docs/regex.md).
 */
export type { CompileNote, CompileOptions, CompileResult, Dialect, MatchResult, Matcher } from "./matcher.ts";
export { DIALECTS, MAX_SUBJECT_CHARS, PCRE2_MAX_SUBJECT_CHARS } from "./matcher.ts";
export { compilePattern, compiledPatternCount } from "./compile_pattern.ts";
export { regexGuardStats, resetRegexGuardRuns } from "./regex_guard.ts";
export { withSharedStepBudget } from "./os_regex.ts";
export type { RegexGuardStats } from "./regex_guard.ts";
export { regexCodes } from "./codes.ts";
export type { LiteralAlternative, RequiredLiterals } from "./required_literals.ts";
export { mayContain, prefilterSwitch } from "./required_literals.ts";
