/**
 * The production Analyzer: loads the ruleset named by the configuration's <ruleset> and runs
 * the engine. Building fails with a DiagnosticError when the ruleset has errors, so a start
 * refuses to run and a reload (SIGHUP) keeps the previous engine.
 * Must not: write alerts (the analysis worker does): it returns the alert Wazuh would log.
 */
import { hostname } from "node:os";
import { DiagnosticError, hasErrors, systemClock, type Clock } from "../../core/mod.ts";
import type { Config } from "../../config/mod.ts";
import { createEngine, loadRuleset, rulesetSourceOfConfig } from "../../ruleset/mod.ts";
import type { Analyzer } from "./analyzer.ts";

export interface EngineAnalyzerOptions {
  readonly clock?: Clock;
  /** @default os.hostname() */
  readonly managerName?: string;
}

export function buildEngineAnalyzer(config: Config, options: EngineAnalyzerOptions = {}): Analyzer {
  const ruleset = loadRuleset(rulesetSourceOfConfig(config.ruleset));
  if (hasErrors(ruleset.diagnostics)) throw new DiagnosticError(ruleset.diagnostics);
  const engine = createEngine(ruleset, { clock: options.clock ?? systemClock, managerName: options.managerName ?? hostname() });
  return {
    analyze(event) {
      const result = engine.analyze(event);
      return result.logged ? result.alert : undefined;
    },
  };
}
