// Runs the shared Wazuh 4.14.7 ruleset test corpus (../shared/wazuh-ruleset-4.14.7/tests.jsonl)
// against that ruleset with the official harness rules (CORPUS-FORMAT.md) and requires at
// least 99% of the non-GeoIP cases to pass. The data is read in place, never copied.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DiagnosticBag } from "../src/core/mod.ts";
import { formatFailures, loadRuleset, parseCorpus, rulesetSourceOfDir, runCorpus, summaryLine } from "../src/ruleset/mod.ts";

const shared = resolve(import.meta.dirname, "..", "..", "shared", "wazuh-ruleset-4.14.7");

test("wazuh corpus: at least 99% of the non-GeoIP cases of tests.jsonl pass", () => {
  const bag = new DiagnosticBag();
  const source = rulesetSourceOfDir(shared, bag);
  assert.ok(source, bag.list.map((d) => d.message).join("\n"));
  const ruleset = loadRuleset(source);
  const { cases, errors } = parseCorpus(readFileSync(join(shared, "tests.jsonl"), "utf8"));
  assert.deepEqual(errors, []);
  const report = runCorpus(ruleset, cases);
  const runnable = report.passed + report.failed;
  assert.ok(runnable > 1200, `only ${runnable} runnable cases`);
  const rate = report.passed / runnable;
  assert.ok(rate >= 0.99, `${summaryLine(report)}\n${formatFailures(report)}`);
});
