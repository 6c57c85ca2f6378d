import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCorpus, runCorpus, summaryLine, formatFailures, type CorpusCase } from "./corpus.ts";
import { fixtureRuleset } from "./_fixtures.ts";

const ruleset = fixtureRuleset({
  decoders: { "0001-app.xml": `<decoder name="app"><program_name>^app$</program_name></decoder>` },
  rules: { "0100-app.xml": `<group name="app,">
  <rule id="100" level="0"><decoded_as>app</decoded_as><description>app</description></rule>
  <rule id="101" level="5"><if_sid>100</if_sid><match>bad</match><description>bad</description></rule>
  <rule id="102" level="9" frequency="2" timeframe="60"><if_matched_sid>101</if_matched_sid><description>twice</description></rule>
</group>` },
});

const line = "Dec 10 01:02:02 host app[1]: bad thing";
const base = { file: "app.ini", decoder: "app" };
const cases: CorpusCase[] = [
  { ...base, idx: 0, name: "single", rule: "101", alert: 5, runs: [{ key: "log 1 pass", expect: "match", events: [line] }] },
  { ...base, idx: 1, name: "one session per run", rule: "102", alert: 9, runs: [{ key: "log 1 pass", expect: "match", events: [line, line] }] },
  { ...base, idx: 2, name: "runs do not share state", rule: "102", alert: 9, runs: [{ key: "log 1 pass", expect: "match", events: [line] }] },
  { ...base, idx: 3, name: "fail run", rule: "101", alert: 5, runs: [{ key: "log 1 fail", expect: "no_match", events: ["Dec 10 01:02:02 host app[1]: good"] }] },
  { ...base, idx: 4, name: "empty expected field", rule: "101", alert: null, runs: [{ key: "log 1 fail", expect: "no_match", events: [line] }] },
  { ...base, idx: 5, name: "level 0 counts", rule: "100", alert: 0, runs: [{ key: "log 1 pass", expect: "match", events: ["Dec 10 01:02:02 host app[1]: fine"] }] },
  { ...base, idx: 6, name: "geo", rule: "1", alert: 1, geoip: true, runs: [] },
];

test("runCorpus() applies the harness rules: fresh session per run, last event's triple, fail and empty-field runs", () => {
  const report = runCorpus(ruleset, cases);
  assert.deepEqual(report.outcomes.map((o) => o.status), ["passed", "passed", "failed", "passed", "passed", "passed", "skipped"]);
  assert.equal(summaryLine(report), "5 passed, 1 failed, 1 skipped");
  assert.match(formatFailures(report), /#2 app\.ini \[runs do not share state\] log 1 pass: expected \(rule "102", level "9", decoder "app"\), got \(rule "101", level "5", decoder "app"\)/);
});

test("parseCorpus() reports bad lines without throwing", () => {
  const { cases: parsed, errors } = parseCorpus(`${JSON.stringify(cases[0])}\nnot json\n{"idx":1}\n\n`);
  assert.equal(parsed.length, 1);
  assert.equal(errors.length, 2);
});
