/**
 * The analysis engine: one RawEvent in, decoded fields, the matched rule and the Wazuh alert
 * out. Pipeline: decode (pre-decoding + decoders) → rule tree (rules/) with the session's
 * correlation state (correlation/) → alert. Each engine is one session: its correlation,
 * first-time-seen and fired counts live in it (a logtest session, or one manager analysis).
 * Contract: analyze() MUST NOT throw, whatever the input; an internal failure is counted and
 * returned as `error`. Time comes from the injected Clock or, with `timeSource: "event"`,
 * from the log's own timestamp.
 */
import type { Alert, Clock, RawEvent } from "../core/mod.ts";
import { errorMessage } from "../core/mod.ts";
import { SessionState, newEntry, type SessionLimits } from "./correlation/mod.ts";
import type { DecodedEvent } from "./decoded_event.ts";
import { decodeEvent } from "./decoders/mod.ts";
import { evaluateRules, ignoreKey, type RuleMatch } from "./evaluate_rules.ts";
import { alertOf, matchedRuleOf, type MatchedRule } from "./alert_of.ts";
import { fallbackDecoded } from "./fallback_decoded.ts";
import type { Ruleset } from "./ruleset.ts";
import { ruleInputOf } from "./rule_input_of.ts";
import { eventTimeOf } from "./event_time_of.ts";

export interface EngineOptions {
  readonly clock: Clock;
  /** The manager's host name (alert `manager.name`, hostname of local events). */
  readonly managerName: string;
  /** "receipt" (default, as Wazuh) or "event" (log timestamps, for replaying history). */
  readonly timeSource?: "receipt" | "event";
  /**
   * Apply `ignore="N"` (the daemon reports the parent rule inside the window). Wazuh's
   * logtest keeps the rule: pass false there. Default true.
   */
  readonly applyIgnore?: boolean;
  /** Wazuh `log_alert_level`: alerts below it are not logged. Default 3. */
  readonly logAlertLevel?: number;
  readonly limits?: SessionLimits;
}

export interface AnalysisResult {
  readonly decoded: DecodedEvent;
  /** The final rule, when one matched (level 0 included). */
  readonly rule?: MatchedRule;
  /** Wazuh alert, when the final rule's level is above 0. */
  readonly alert?: Alert;
  /** True when the alert goes to alerts.json (level ≥ log_alert_level, no `no_log`). */
  readonly logged: boolean;
  /** Event time used for correlation, ms since epoch. */
  readonly timeMs: number;
  /** Set when analysis failed internally (a bug, counted; never thrown). */
  readonly error?: string;
}

export interface EngineStats {
  events: number;
  alerts: number;
  errors: number;
}

export interface Engine {
  analyze(raw: RawEvent): AnalysisResult;
  readonly stats: Readonly<EngineStats>;
}

/**
 * Wazuh compat: analysisd never sees more than OS_MAXSTR (65536) bytes of a message; longer
 * ones are cut by the collectors. Cutting here bounds the work per event on hostile input.
 */
export const MAX_EVENT_CHARS = 65_536;

function boundedRaw(raw: RawEvent): RawEvent {
  return typeof raw.log === "string" && raw.log.length > MAX_EVENT_CHARS ? { ...raw, log: raw.log.slice(0, MAX_EVENT_CHARS) } : raw;
}

export function createEngine(ruleset: Ruleset, options: EngineOptions): Engine {
  const state = new SessionState(options.limits);
  const stats: EngineStats = { events: 0, alerts: 0, errors: 0 };
  const logAlertLevel = options.logAlertLevel ?? 3;
  const applyIgnore = options.applyIgnore ?? true;
  let counter = 0;

  const run = (received: RawEvent): AnalysisResult => {
    const raw = boundedRaw(received);
    const decoded = decodeEvent(ruleset.decoders, raw, { managerName: options.managerName });
    const timeMs = eventTimeOf(decoded, options);
    const input = ruleInputOf(decoded, options.clock.now());
    const entry = newEntry(Math.floor(timeMs / 1000), input.agentId, input.hasDynamicFields);
    let match: RuleMatch | undefined = evaluateRules(ruleset.rules, input, state, entry);
    if (!match) return { decoded, logged: false, timeMs };
    let node = match.node;
    const ignore = node.rule.ignoreSeconds;
    if (applyIgnore && ignore !== undefined && node.rule.level > 0 && state.ignored(node.rule.id, ignore, entry.second)) {
      // Wazuh compat: inside the ignore window the daemon reports the parent rule instead.
      if (!match.parent || match.parent.rule.level === 0) return { decoded, logged: false, timeMs };
      match = { node: match.parent, parent: undefined };
      node = match.node;
    }
    if (node.rule.level > 0) {
      state.correlation.record(node, input, entry);
      if (node.rule.ignoreFields.length > 0) state.addIgnored(ignoreKey(node.rule.ignoreFields, input));
    }
    const rule = node.rule;
    const matched = matchedRuleOf(rule, input, state.fired(rule.id));
    if (rule.level === 0) return { decoded, rule: matched, logged: false, timeMs };
    stats.alerts++;
    const alert = alertOf(rule, matched, decoded, {
      timestampMs: timeMs,
      alertId: `${Math.floor(timeMs / 1000)}.${++counter}`,
      managerName: options.managerName,
    });
    return { decoded, rule: matched, alert, logged: rule.level >= logAlertLevel && !rule.options.has("no_log"), timeMs };
  };

  return {
    stats,
    analyze(raw: RawEvent): AnalysisResult {
      stats.events++;
      try {
        return run(raw);
      } catch (error: unknown) {
        stats.errors++;
        return { decoded: fallbackDecoded(raw), logged: false, timeMs: options.clock.now(), error: errorMessage(error) };
      }
    },
  };
}
