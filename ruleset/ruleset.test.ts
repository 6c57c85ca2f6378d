// Riposte's own ruleset (ruleset/decoders, ruleset/rules) against its own cases
// (ruleset/tests/*.ini, Wazuh's .ini format, run with the official harness's rules):
// it loads without a diagnostic, every case passes, and every rule and decoder is hit by at
// least one event of some case (DESIGN §7.7); etc/ossec.conf loads exactly this ruleset.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { DiagnosticBag, formatDiagnostic } from "../src/core/mod.ts";
import { loadConfigFiles } from "../src/config/mod.ts";
import { caseCoverage, formatFailures, loadRuleset, parseIniCases, rulesetSourceOfConfig, rulesetSourceOfDir, runCorpus, summaryLine, type IniCase } from "../src/ruleset/mod.ts";

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

const ruleset = loadOurs();
const { cases, warnings } = readCases();

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

test("every rule and every decoder is hit by some case", () => {
  const coverage = caseCoverage(ruleset, cases);
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
