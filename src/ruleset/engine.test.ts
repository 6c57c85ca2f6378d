import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock, type RawEvent } from "../core/mod.ts";
import { createEngine } from "./engine.ts";
import { fixtureRuleset } from "./_fixtures.ts";
import type { Ruleset } from "./ruleset.ts";

const DECODERS = `<decoder name="app"><program_name>^app$</program_name></decoder>
<decoder name="app-fields"><parent>app</parent><regex>user=(\\S+) ip=(\\S+)</regex><order>srcuser, srcip</order></decoder>`;

const RULES = `<group name="app,">
  <rule id="100" level="0"><decoded_as>app</decoded_as><description>app messages</description></rule>
  <rule id="101" level="5"><if_sid>100</if_sid><match>login failed</match><description>Login failed for $(srcuser) from $(srcip)</description><group>authentication_failed,pci_dss_10.2.4,</group><mitre><id>T1110</id></mitre></rule>
  <rule id="102" level="10" frequency="3" timeframe="60"><if_matched_sid>101</if_matched_sid><same_source_ip /><description>Brute force from $(srcip)</description></rule>
  <rule id="103" level="0"><if_sid>100</if_sid><match>login failed user=ignored</match><description>ignored user</description></rule>
  <rule id="104" level="3" ignore="30"><if_sid>100</if_sid><match>noisy</match><description>noisy</description><options>no_full_log</options></rule>
</group>`;

let cached: Ruleset | undefined;
const ruleset = () => (cached ??= fixtureRuleset({ decoders: { "0001-app.xml": DECODERS }, rules: { "0100-app.xml": RULES } }));

function raw(log: string, clock: ManualClock): RawEvent {
  return { agentId: "000", agentName: "mgr", location: "/var/log/app.log", log, queue: "1", receivedAt: clock.now() };
}

test("createEngine() builds a Wazuh alert with groups, compliance, MITRE and $(field) placeholders", () => {
  assert.deepEqual(ruleset().diagnostics.filter((d) => d.severity === "error"), []);
  const clock = new ManualClock();
  const engine = createEngine(ruleset(), { clock, managerName: "mgr" });
  const r = engine.analyze(raw("Dec 10 01:02:02 host app[1]: login failed user=bob ip=192.0.2.7", clock));
  assert.equal(r.rule?.id, "101");
  assert.equal(r.rule?.description, "Login failed for bob from 192.0.2.7");
  assert.ok(r.alert);
  assert.deepEqual(r.alert.rule.groups, ["app", "authentication_failed"]);
  assert.deepEqual(r.alert.rule.pci_dss, ["10.2.4"]);
  assert.deepEqual(r.alert.rule.mitre?.id, ["T1110"]);
  assert.equal(r.alert.rule.firedtimes, 1);
  assert.deepEqual(r.alert.data, { srcuser: "bob", srcip: "192.0.2.7" });
  assert.deepEqual(r.alert.decoder, { name: "app" }, "a child without prematch reports the parent alone");
  assert.equal(r.alert.predecoder?.program_name, "app");
  assert.equal(r.alert.location, "/var/log/app.log");
  assert.match(r.alert.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  assert.equal(r.logged, true);
});

test("createEngine() level-0 siblings are tried first and stop silently", () => {
  const clock = new ManualClock();
  const r = createEngine(ruleset(), { clock, managerName: "mgr" }).analyze(raw("Dec 10 01:02:02 host app[1]: login failed user=ignored ip=192.0.2.7", clock));
  assert.equal(r.rule?.id, "103");
  assert.equal(r.rule?.level, 0);
  assert.equal(r.alert, undefined);
});

test("createEngine() frequency fires on the third event of one source within the timeframe, then counts again", () => {
  const clock = new ManualClock();
  const engine = createEngine(ruleset(), { clock, managerName: "mgr" });
  const ids = (ip: string) => engine.analyze(raw(`Dec 10 01:02:02 host app[1]: login failed user=bob ip=${ip}`, clock)).rule?.id;
  assert.equal(ids("192.0.2.1"), "101");
  assert.equal(ids("192.0.2.2"), "101");
  assert.equal(ids("192.0.2.1"), "101");
  assert.equal(ids("192.0.2.1"), "102");
  assert.equal(ids("192.0.2.1"), "101");
  clock.advance(61_000);
  assert.equal(ids("192.0.2.1"), "101");
});

test("createEngine() ignore=N reports nothing for the rule inside its window (no parent alert above level 0)", () => {
  const clock = new ManualClock();
  const engine = createEngine(ruleset(), { clock, managerName: "mgr" });
  const line = "Dec 10 01:02:02 host app[1]: noisy thing";
  const first = engine.analyze(raw(line, clock));
  assert.equal(first.rule?.id, "104");
  assert.equal(first.alert?.full_log, undefined, "no_full_log drops full_log");
  assert.equal(engine.analyze(raw(line, clock)).alert, undefined);
  clock.advance(31_000);
  assert.equal(engine.analyze(raw(line, clock)).rule?.id, "104");
  const logtestLike = createEngine(ruleset(), { clock, managerName: "mgr", applyIgnore: false });
  logtestLike.analyze(raw(line, clock));
  assert.equal(logtestLike.analyze(raw(line, clock)).rule?.id, "104");
});

test("createEngine() never throws, even on malformed raw events", () => {
  const clock = new ManualClock();
  const engine = createEngine(ruleset(), { clock, managerName: "mgr" });
  const bad = [{} as RawEvent, { log: 42 } as unknown as RawEvent, null as unknown as RawEvent, raw("\u0000\uffff\ud800", clock)];
  for (const b of bad) assert.doesNotThrow(() => engine.analyze(b));
});

test("createEngine() with timeSource event correlates on the log's timestamps", () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 10, 12));
  const engine = createEngine(ruleset(), { clock, managerName: "mgr", timeSource: "event" });
  const at = (t: string) => engine.analyze(raw(`Dec 10 ${t} host app[1]: login failed user=bob ip=192.0.2.9`, clock)).rule?.id;
  assert.equal(at("01:00:00"), "101");
  assert.equal(at("01:00:30"), "101");
  assert.equal(at("01:05:00"), "101", "outside the 60 s window of the first two");
});

test("createEngine() <ignore> puts fields on the session ignore list that <check_if_ignored> reads", () => {
  const rs = fixtureRuleset({
    decoders: { "0001-app.xml": DECODERS },
    rules: { "0100-app.xml": `<group name="app,">
  <rule id="100" level="0"><decoded_as>app</decoded_as><description>app</description></rule>
  <rule id="105" level="12"><if_sid>100</if_sid><match>stop</match><ignore>srcip</ignore><description>stop this source</description></rule>
  <rule id="106" level="6"><if_sid>100</if_sid><match>event</match><check_if_ignored>srcip</check_if_ignored><description>event</description></rule>
</group>` },
  });
  const clock = new ManualClock();
  const engine = createEngine(rs, { clock, managerName: "mgr" });
  const id = (m: string, ip: string) => engine.analyze(raw(`Dec 10 01:02:02 host app[1]: ${m} user=u ip=${ip}`, clock)).rule?.id;
  assert.equal(id("event", "192.0.2.1"), "106");
  assert.equal(id("stop", "192.0.2.1"), "105");
  assert.equal(id("event", "192.0.2.1"), "100");
  assert.equal(id("event", "192.0.2.2"), "106");
});
