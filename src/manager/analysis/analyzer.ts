/**
 * The seam between intake and the ruleset engine: one event in, at most one alert out. The
 * manager builds it from the configuration (`ManagerDeps.buildAnalyzer`), so the engine is
 * swapped on reload without touching intake.
 *
 * Contract: `analyze` is called exactly once per accepted event, in intake order, from one
 * caller at a time. It SHOULD NOT throw; when it does, the event is counted (ANALYSIS_FAILED),
 * logged and skipped — one bad event never stops analysis.
 */
import type { Alert, RawEvent } from "../../core/mod.ts";

export interface Analyzer {
  analyze(event: RawEvent): Alert | undefined;
}

/** Wazuh's event location: `[001] (web01) 10.0.0.5->/var/log/secure`; the manager's own agent keeps the plain location. */
export function wazuhLocation(agentId: string, agentName: string, agentIp: string, location: string): string {
  return agentId === "000" ? location : `[${agentId}] (${agentName}) ${agentIp}->${location}`;
}
