// Table-driven correlation cases: each folder of testdata/ holds decoders.xml, rules.xml,
// events.jsonl ({t: seconds, log}) and expected.jsonl ({rule}, one line per event). Events
// are fed to one session with an injected clock set to t; no test sleeps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../core/mod.ts";
import { createEngine } from "../engine.ts";
import { fixtureRuleset } from "../_fixtures.ts";

const root = join(import.meta.dirname, "testdata");
const jsonl = (file: string) => readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

for (const name of readdirSync(root).sort()) {
  test(`correlation case ${name}`, () => {
    const dir = join(root, name);
    const ruleset = fixtureRuleset({
      decoders: { "0001-case.xml": readFileSync(join(dir, "decoders.xml"), "utf8") },
      rules: { "0100-case.xml": readFileSync(join(dir, "rules.xml"), "utf8") },
    });
    assert.deepEqual(ruleset.diagnostics.filter((d) => d.severity === "error"), []);
    const start = Date.UTC(2026, 11, 10, 1);
    const clock = new ManualClock(start);
    const engine = createEngine(ruleset, { clock, managerName: "m" });
    const events = jsonl(join(dir, "events.jsonl"));
    const expected = jsonl(join(dir, "expected.jsonl"));
    assert.equal(events.length, expected.length);
    events.forEach((e, i) => {
      clock.set(start + Number(e["t"]) * 1000);
      const r = engine.analyze({ agentId: "000", agentName: "m", location: "x", log: String(e["log"]), queue: "1", receivedAt: clock.now() });
      assert.equal(r.rule?.id ?? null, expected[i]?.["rule"] ?? null, `event ${i + 1}: ${String(expected[i]?.["why"] ?? "")}`);
    });
  });
}
