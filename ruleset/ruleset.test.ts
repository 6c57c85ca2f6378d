// Riposte's own ruleset (ruleset/decoders, ruleset/rules) against its own cases
// (ruleset/tests/*.ini, Wazuh's .ini format, run with the official harness's rules):
// it loads without a diagnostic, every case passes, and every rule and decoder is hit by at
// least one event of some case (DESIGN §7.7); etc/ossec.conf loads exactly this ruleset.
// FIM events cannot be written as .ini cases (the harness feeds every line as queue "1" from
// stdin, and only queue "8" reaches the built-in syscheck decoder): they are in
// tests/*.queue8.jsonl, one case per line {name, events, rule, alert, decoder}, run the same way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { DiagnosticBag, formatDiagnostic } from "../src/core/mod.ts";
import { loadConfigFiles } from "../src/config/mod.ts";
import type { RawEvent } from "../src/core/mod.ts";
import { ManualClock } from "../src/core/mod.ts";
import { caseCoverage, createEngine, formatFailures, loadRuleset, parseIniCases, rulesetSourceOfConfig, rulesetSourceOfDir, runCorpus, summaryLine, tripleOf, type IniCase } from "../src/ruleset/mod.ts";

const root = resolve(import.meta.dirname, "..");
const here = resolve(import.meta.dirname);

function loadOurs() {
  const bag = new DiagnosticBag();
  const source = rulesetSourceOfDir(here, bag);
  assert.ok(source, bag.list.map((d) => formatDiagnostic(d)).join("\n"));
  return loadRuleset(source);
}

function readCases(): { cases: IniCase[]; warnings: string[] } {
  const dir = join(here, "tests");
  const cases: IniCase[] = [];
  const warnings: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".ini")).sort()) {
    const file = join(dir, name);
    const parsed = parseIniCases(readFileSync(file, "utf8"), relative(root, file), cases.length);
    cases.push(...parsed.cases);
    warnings.push(...parsed.diagnostics.map((d) => formatDiagnostic(d)));
  }
  return { cases, warnings };
}

interface Queue8Case {
  readonly name: string;
  readonly events: readonly string[];
  readonly rule: string;
  readonly alert: number;
  readonly decoder: string;
}

function readQueue8(): { file: string; line: number; c: Queue8Case; run: RawEvent[] }[] {
  const dir = join(here, "tests");
  return readdirSync(dir).filter((n) => n.endsWith(".queue8.jsonl")).sort().flatMap((name) =>
    readFileSync(join(dir, name), "utf8").split("\n").flatMap((text, i) => {
      if (text.trim() === "") return [];
      const c = JSON.parse(text) as Queue8Case;
      const run = c.events.map((log): RawEvent => ({ agentId: "001", agentName: "web01", location: "syscheck", log, queue: "8", receivedAt: 0 }));
      return [{ file: `ruleset/tests/${name}`, line: i + 1, c, run }];
    }),
  );
}

const ruleset = loadOurs();
const { cases, warnings } = readCases();
const queue8 = readQueue8();

test("the ruleset loads without any diagnostic", () => {
  assert.deepEqual(ruleset.diagnostics.map((d) => formatDiagnostic(d)), []);
  assert.ok(ruleset.rules.nodes.length > 0);
});

test("the .ini files read cleanly (no line the harness would ignore)", () => {
  assert.deepEqual(warnings, []);
  assert.ok(cases.length > 0);
});

test("every .ini case passes", () => {
  const report = runCorpus(ruleset, cases);
  assert.equal(report.failed, 0, `${formatFailures(report)}\n${summaryLine(report)}`);
  assert.equal(report.passed, cases.length);
});

test("every queue-8 (FIM) case gives its rule, level and decoder", () => {
  assert.ok(queue8.length > 0);
  for (const { file, line, c, run } of queue8) {
    const engine = createEngine(ruleset, { clock: new ManualClock(), managerName: "wazuh-manager", applyIgnore: false });
    const results = run.map((raw) => engine.analyze(raw));
    assert.deepEqual(tripleOf(results.at(-1)), [c.rule, String(c.alert), c.decoder], `${file}:${line} [${c.name}]`);
  }
});

test("every rule and every decoder is hit by some case", () => {
  const coverage = caseCoverage(ruleset, cases, { rawRuns: queue8.map((q) => q.run) });
  const lines = coverage.uncovered.map((u) => `${relative(root, u.file)}:${u.line}: ${u.kind} ${u.name} is not hit by any case in ruleset/tests`);
  assert.deepEqual(lines, []);
});

test("etc/ossec.conf loads this ruleset through its <ruleset> section", async () => {
  const result = await loadConfigFiles([join(root, "etc", "ossec.conf")]);
  assert.ok(result.config, result.diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
  const fromConf = loadRuleset(rulesetSourceOfConfig(result.config.ruleset));
  assert.deepEqual(fromConf.diagnostics.map((d) => formatDiagnostic(d)), []);
  assert.deepEqual(fromConf.files.decoders.map((f) => resolve(f)), ruleset.files.decoders.map((f) => resolve(f)));
  assert.deepEqual(fromConf.files.rules.map((f) => resolve(f)), ruleset.files.rules.map((f) => resolve(f)));
});

test("etc/ossec.conf binds its responses to rules this ruleset has", async () => {
  const result = await loadConfigFiles([join(root, "etc", "ossec.conf")]);
  assert.ok(result.config);
  const groups = ruleset.rules.nodes.map((n) => n.rule.groupString);
  for (const ar of result.config.activeResponses) {
    for (const id of ar.rulesId) assert.ok(ruleset.rules.byId.has(id), `etc/ossec.conf binds ${ar.command} to rule ${id}, which this ruleset does not have`);
    for (const group of (ar.rulesGroup ?? "").split("|").filter((g) => g !== "")) {
      assert.ok(groups.some((g) => g.includes(group)), `etc/ossec.conf binds ${ar.command} to group ${group}, which no rule has`);
    }
  }
});

