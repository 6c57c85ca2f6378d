/**
 * A logtest session (wazuh-logtest): one engine whose state spans every line given to it, so
 * frequency rules and first-time-seen behave as in Wazuh's logtest. Each line is a raw log
 * line or a JSON object `{"log": "...", "location": "..."}`; the output is the JSON shape of
 * `riposte logtest --json` (predecoder, decoder, data, rule, alert, responses).
 * Wazuh compat: location defaults to `stdin`; ignore="N" does not replace the rule.
 * Must not: throw on any line.
 */
import type { Alert, Clock, RawEvent } from "../core/mod.ts";
import type { MatchedRule } from "./alert_of.ts";
import { dataOf } from "./alert_of.ts";
import { createEngine, type AnalysisResult } from "./engine.ts";
import type { Ruleset } from "./ruleset.ts";

export interface LogtestInput {
  readonly log: string;
  readonly location: string;
}

export interface LogtestOptions {
  readonly clock: Clock;
  readonly managerName: string;
  readonly timeSource?: "receipt" | "event";
  /** Names (`<command><timeout>`) of the active responses a rule would trigger. */
  readonly responses?: (rule: MatchedRule) => readonly string[];
  /** Wazuh `log_alert_level` (default 3): below it no alert is generated. */
  readonly logAlertLevel?: number;
}

export interface LogtestOutput {
  readonly full_log: string;
  readonly location: string;
  readonly predecoder: { readonly program_name?: string; readonly timestamp?: string; readonly hostname?: string };
  readonly decoder: { readonly name: string; readonly parent?: string } | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly rule: {
    readonly id: string;
    readonly level: number;
    readonly description: string;
    readonly groups: readonly string[];
    readonly mitre: { readonly id: readonly string[]; readonly tactic: readonly string[]; readonly technique: readonly string[] };
    readonly firedtimes: number;
  } | null;
  /** The alert Wazuh would write (rule level ≥ log_alert_level), else null. */
  readonly alert: Alert | null;
  readonly responses: readonly string[];
  /** Set when the engine failed internally on this line. */
  readonly error?: string;
}

export interface LogtestSession {
  run(input: string | LogtestInput): LogtestOutput;
}

/** A JSON object with a string `log` is a structured input; anything else is a raw line. */
export function parseLogtestLine(line: string): LogtestInput {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      const v = JSON.parse(trimmed) as { log?: unknown; location?: unknown };
      if (typeof v === "object" && v !== null && typeof v.log === "string") {
        return { log: v.log, location: typeof v.location === "string" && v.location !== "" ? v.location : "stdin" };
      }
    } catch {
      // Not JSON after all: a raw line that starts with "{" (a JSON log line to decode).
    }
  }
  return { log: line, location: "stdin" };
}

export function createLogtestSession(ruleset: Ruleset, options: LogtestOptions): LogtestSession {
  const engine = createEngine(ruleset, {
    clock: options.clock,
    managerName: options.managerName,
    applyIgnore: false,
    logAlertLevel: options.logAlertLevel ?? 3,
    ...(options.timeSource ? { timeSource: options.timeSource } : {}),
  });
  return {
    run(input) {
      const parsed = typeof input === "string" ? parseLogtestLine(input) : input;
      const raw: RawEvent = { agentId: "000", agentName: options.managerName, location: parsed.location, log: parsed.log, queue: "1", receivedAt: options.clock.now() };
      return outputOf(engine.analyze(raw), options);
    },
  };
}

function outputOf(result: AnalysisResult, options: LogtestOptions): LogtestOutput {
  const d = result.decoded;
  const p = d.predecoded;
  const predecoder: Record<string, string> = {};
  if (p.programName !== undefined) predecoder["program_name"] = p.programName;
  if (p.timestamp !== undefined) predecoder["timestamp"] = p.timestamp;
  if (p.timestamp !== undefined && p.hostname !== undefined) predecoder["hostname"] = p.hostname;
  const r = result.rule;
  const out: LogtestOutput = {
    full_log: p.fullLog,
    location: p.location,
    predecoder,
    decoder: d.decoderName === undefined ? null : d.decoderParent === undefined ? { name: d.decoderName } : { name: d.decoderName, parent: d.decoderParent },
    data: dataOf(d) ?? {},
    rule: r
      ? { id: r.id, level: r.level, description: r.description, groups: r.groups, mitre: r.mitre ?? { id: [], tactic: [], technique: [] }, firedtimes: r.firedtimes }
      : null,
    alert: result.alert && result.logged ? result.alert : null,
    responses: r && result.alert && options.responses ? [...options.responses(r)] : [],
  };
  return result.error === undefined ? out : { ...out, error: result.error };
}
