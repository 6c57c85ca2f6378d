/**
 * The ruleset test-corpus runner (the JSON-lines form of Wazuh's ruleset .ini tests,
 * shared/wazuh-ruleset-4.14.7/CORPUS-FORMAT.md), with the official harness rules: every run
 * is a fresh logtest session; each non-empty line is one event with location `stdin`; the
 * (rule id, level, decoder) triple of the last event is compared as strings; a pass run
 * needs equality and no empty expected field, a fail run needs a difference or an empty
 * expected field; GeoIP cases are skipped; a case passes when all its runs do.
 * Must not: know any particular case (no special-casing: the engine is right or not).
 */
import { ManualClock, type RawEvent } from "../core/mod.ts";
import { createEngine, type AnalysisResult } from "./engine.ts";
import type { Ruleset } from "./ruleset.ts";

export interface CorpusRun {
  readonly key: string;
  readonly expect: "match" | "no_match";
  readonly events: readonly string[];
}

export interface CorpusCase {
  readonly idx: number;
  readonly file: string;
  readonly name: string;
  readonly rule: string;
  readonly alert: number | string | null;
  readonly decoder: string;
  readonly runs: readonly CorpusRun[];
  readonly geoip?: boolean;
}

export type Triple = readonly [rule: string, level: string, decoder: string];

export interface RunFailure {
  readonly key: string;
  readonly expect: CorpusRun["expect"];
  readonly expected: Triple;
  readonly actual: Triple;
}

export interface CaseOutcome {
  readonly case: CorpusCase;
  readonly status: "passed" | "failed" | "skipped";
  readonly failures: readonly RunFailure[];
}

export interface CorpusReport {
  readonly outcomes: readonly CaseOutcome[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Parses a JSON-lines case file; bad lines are returned as errors, not thrown. */
export function parseCorpus(text: string): { cases: CorpusCase[]; errors: string[] } {
  const cases: CorpusCase[] = [];
  const errors: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      const c = JSON.parse(line) as CorpusCase;
      if (!Array.isArray(c.runs)) throw new TypeError("no runs array");
      cases.push(c);
    } catch (error: unknown) {
      errors.push(`line ${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return { cases, errors };
}

export interface RunCorpusOptions {
  readonly managerName?: string;
}

export function runCorpus(ruleset: Ruleset, cases: readonly CorpusCase[], options: RunCorpusOptions = {}): CorpusReport {
  const outcomes = cases.map((c) => runCase(ruleset, c, options.managerName ?? "wazuh-manager"));
  const count = (s: CaseOutcome["status"]) => outcomes.filter((o) => o.status === s).length;
  return { outcomes, passed: count("passed"), failed: count("failed"), skipped: count("skipped") };
}

function runCase(ruleset: Ruleset, c: CorpusCase, managerName: string): CaseOutcome {
  if (c.geoip) return { case: c, status: "skipped", failures: [] };
  const expected: Triple = [String(c.rule ?? ""), c.alert === null || c.alert === undefined ? "" : String(c.alert), String(c.decoder ?? "")];
  const hasEmpty = expected.some((v) => v === "");
  const failures: RunFailure[] = [];
  for (const run of c.runs) {
    const actual = runEvents(ruleset, run.events, managerName);
    const equal = actual.every((v, i) => v === expected[i]);
    const ok = run.expect === "match" ? equal && !hasEmpty : !equal || hasEmpty;
    if (!ok) failures.push({ key: run.key, expect: run.expect, expected, actual });
  }
  return { case: c, status: failures.length === 0 ? "passed" : "failed", failures };
}

/** One run = one fresh session; returns the triple of the last event. */
export function runEvents(ruleset: Ruleset, events: readonly string[], managerName: string): Triple {
  const clock = new ManualClock();
  const engine = createEngine(ruleset, { clock, managerName, applyIgnore: false });
  let last: AnalysisResult | undefined;
  for (const line of events) {
    if (line.trim() === "") continue;
    const raw: RawEvent = { agentId: "000", agentName: managerName, location: "stdin", log: line, queue: "1", receivedAt: clock.now() };
    last = engine.analyze(raw);
  }
  return tripleOf(last);
}

export function tripleOf(result: AnalysisResult | undefined): Triple {
  return [result?.rule?.id ?? "", result?.rule ? String(result.rule.level) : "", result?.decoded.decoderName ?? ""];
}

/** The failing cases as text, expected and actual triples side by side. */
export function formatFailures(report: CorpusReport): string {
  const lines: string[] = [];
  for (const o of report.outcomes) {
    if (o.status !== "failed") continue;
    for (const f of o.failures) {
      lines.push(`FAIL #${o.case.idx} ${o.case.file} [${o.case.name}] ${f.key}: expected ${fmt(f.expected)}${f.expect === "no_match" ? " to differ" : ""}, got ${fmt(f.actual)}`);
    }
  }
  return lines.join("\n");
}

function fmt(t: Triple): string {
  return `(rule "${t[0]}", level "${t[1]}", decoder "${t[2]}")`;
}

export function summaryLine(report: CorpusReport): string {
  return `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`;
}
