/**
 * The logtest sessions PUT /logtest uses: the configuration's ruleset (`<ruleset>`), loaded
 * once on the first request as the analysis loads it (an empty ruleset is allowed), and the
 * configuration's response bindings to name the responses a rule would fire. Loading errors
 * make the route answer 503 (API_UNAVAILABLE).
 * Must not: load at import or construction (the first request pays).
 */
import { hostname } from "node:os";
import { hasErrors, systemClock } from "../core/mod.ts";
import type { Config } from "../config/mod.ts";
import { createBinder, definitionsFromConfig } from "../response/mod.ts";
import { createLogtestSession, loadRuleset, rulesetSourceOfConfig, type LogtestSession, type Ruleset } from "../ruleset/mod.ts";
import { ApiError } from "./api_error.ts";

export function logtestFactory(config: Config): () => LogtestSession {
  let ruleset: Ruleset | undefined;
  const binder = createBinder(definitionsFromConfig(config));
  return () => {
    if (!ruleset) {
      const loaded = loadRuleset(rulesetSourceOfConfig(config.ruleset));
      if (hasErrors(loaded.diagnostics)) throw new ApiError("API_UNAVAILABLE", "The configured ruleset does not load; run `riposte check-config`");
      ruleset = loaded;
    }
    return createLogtestSession(ruleset, {
      clock: systemClock, managerName: hostname(),
      responses: (rule) => binder({ ...rule, ...rule.compliance }).map((d) => d.name),
    });
  };
}
