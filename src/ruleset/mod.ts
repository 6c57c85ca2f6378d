/**
 * Public entry of ruleset: loading a Wazuh-compatible ruleset, the analysis engine (one
 * session per engine), logtest sessions, and the ruleset test-corpus runner.
 */
export { loadRuleset, type LoadRulesetOptions } from "./load_ruleset.ts";
export { rulesetSourceOfDir, rulesetSourceOfConfig, mergeSources, type RulesetSource, type ListSource } from "./ruleset_source.ts";
export type { Ruleset } from "./ruleset.ts";
export { createEngine, type Engine, type EngineOptions, type EngineStats, type AnalysisResult } from "./engine.ts";
export type { MatchedRule } from "./alert_of.ts";
export { createLogtestSession, type LogtestSession, type LogtestOptions, type LogtestOutput, type LogtestInput } from "./logtest.ts";
export { formatLogtest } from "./logtest_text.ts";
export { parseCorpus, runCorpus, runEvents, formatFailures, summaryLine, type CorpusCase, type CorpusReport, type CaseOutcome, type Triple } from "./corpus.ts";
export { ruleCodes } from "./rules/mod.ts";
export type { DecodedEvent, Predecoded, DecoderRef } from "./decoded_event.ts";
export { parseIniCases, type IniCase, type IniParseResult } from "./ini_cases.ts";
export { caseCoverage, type CaseCoverage, type CaseCoverageOptions, type Uncovered } from "./case_coverage.ts";
export { iniCodes } from "./ini_codes.ts";
export { tripleOf } from "./corpus.ts";
/** Counters of the regex guard (hostile lines that hit a budget or cap), for health reports. */
export { regexGuardStats, type RegexGuardStats } from "./regex/mod.ts";
