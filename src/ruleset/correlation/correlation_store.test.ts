import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../../core/mod.ts";
import { createEngine } from "../engine.ts";
import { fixtureRuleset } from "../_fixtures.ts";
import { CorrelationStore } from "./correlation_store.ts";
import { newEntry } from "./event_entry.ts";

const DECODERS = `<decoder name="fw"><program_name>^fw$</program_name></decoder>
<decoder name="fw-fields"><parent>fw</parent><regex>src=(\\S+) url=(\\S+) user=(\\S+)</regex><order>srcip, url, dstuser</order></decoder>`;

const ruleset = fixtureRuleset({
  decoders: { "0001-fw.xml": DECODERS },
  rules: { "0100-fw.xml": `<group name="fw,">
  <rule id="200" level="0"><decoded_as>fw</decoded_as><description>fw</description></rule>
  <rule id="201" level="3"><if_sid>200</if_sid><match>deny</match><description>deny</description><group>denied,</group></rule>
  <rule id="202" level="8" frequency="3" timeframe="100"><if_matched_sid>201</if_matched_sid><same_source_ip /><different_url /><description>scan</description></rule>
  <rule id="203" level="3"><if_sid>200</if_sid><match>drop</match><description>drop</description><group>denied,</group></rule>
  <rule id="204" level="9" timeframe="100"><if_matched_group>denied</if_matched_group><same_user /><description>user denied twice</description></rule>
</group>` },
});

function session() {
  const clock = new ManualClock();
  const engine = createEngine(ruleset, { clock, managerName: "m" });
  const id = (verb: string, src: string, url: string, user = "u") =>
    engine.analyze({ agentId: "000", agentName: "m", location: "x", log: `Dec 10 01:02:02 h fw[1]: ${verb} src=${src} url=${url} user=${user}`, queue: "1", receivedAt: clock.now() }).rule?.id;
  return { clock, id };
}

test("correlation: different_url counts only entries whose url differs from the current one", () => {
  const s = session();
  assert.equal(s.id("deny", "10.0.0.1", "/a"), "201");
  assert.equal(s.id("deny", "10.0.0.1", "/a"), "201");
  assert.equal(s.id("deny", "10.0.0.1", "/a"), "201", "all earlier urls equal the current one");
  assert.equal(s.id("deny", "10.0.0.2", "/b"), "201");
  assert.equal(s.id("deny", "10.0.0.1", "/c"), "202", "two earlier /a entries of 10.0.0.1 differ from /c");
});

test("correlation: entries older than the timeframe stop the search", () => {
  const s = session();
  s.id("deny", "10.0.0.1", "/a");
  s.id("deny", "10.0.0.1", "/b");
  s.clock.advance(101_000);
  assert.equal(s.id("deny", "10.0.0.1", "/c"), "201");
});

test("correlation: if_matched_group watches every rule of the group, keyed by same_user", () => {
  const s = session();
  assert.equal(s.id("drop", "10.0.0.1", "/a", "alice"), "203");
  assert.equal(s.id("drop", "10.0.0.1", "/a", "bob"), "203");
  assert.equal(s.id("drop", "10.0.0.9", "/z", "alice"), "204");
});

test("CorrelationStore keeps a bounded number of keys per rule", () => {
  const store = new CorrelationStore({ maxKeysPerRule: 100 });
  const watcher = ruleset.rules.byId.get(202);
  const watched = ruleset.rules.byId.get(201);
  assert.ok(watcher && watched);
  const input = (ip: string) => ({
    decoded: undefined as never, log: "", decoderName: "fw", category: "syslog", programName: "fw", hostname: "h", location: "x",
    agentId: "000", ftsKey: undefined, now: 0, hasDynamicFields: false,
    staticField: (n: string) => (n === "srcip" ? ip : n === "url" ? "/u" : undefined), dynamicField: () => undefined,
  });
  for (let i = 0; i < 10_000; i++) store.record(watched, input(`10.${i >> 8}.${i & 255}.1`), newEntry(0, "000", false));
  assert.ok(store.size <= 100 * 2, `${store.size} entries kept`);
});

test("compactKey() keeps short texts and hashes attacker-sized ones", async () => {
  const { compactKey } = await import("./compact_key.ts");
  assert.equal(compactKey("10.0.0.1"), "10.0.0.1");
  const big = "x".repeat(65_536);
  assert.ok(compactKey(big).length < 64);
  assert.equal(compactKey(big), compactKey("x".repeat(65_536)));
  assert.notEqual(compactKey(big), compactKey(`${big}y`));
});

test("CorrelationStore eviction never drops the key just written", () => {
  const store = new CorrelationStore({ maxKeysPerRule: 3 });
  const watcher = ruleset.rules.byId.get(202);
  const watched = ruleset.rules.byId.get(201);
  assert.ok(watcher && watched);
  let n = 0;
  const input = (ip: string) => ({
    decoded: undefined as never, log: "", decoderName: "fw", category: "syslog", programName: "fw", hostname: "h", location: "x",
    agentId: "000", ftsKey: undefined, now: 0, hasDynamicFields: false,
    staticField: (f: string) => (f === "srcip" ? ip : f === "url" ? `/${n++}` : undefined), dynamicField: () => undefined,
  });
  const record = (ip: string) => store.record(watched, input(ip), newEntry(0, "000", false));
  for (const ip of ["a", "b", "c", "d", "e", "f", "e", "g", "e"]) record(ip);
  assert.equal(store.search(watcher, input("e"), newEntry(0, "000", false)), true, "e was written last and kept its entries");
  assert.ok(store.size <= 3 * 28);
});
