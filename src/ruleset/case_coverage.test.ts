import { test } from "node:test";
import assert from "node:assert/strict";
import { caseCoverage } from "./case_coverage.ts";
import type { CorpusCase } from "./corpus.ts";
import { fixtureRuleset } from "./_fixtures.ts";

const ruleset = fixtureRuleset({
  decoders: { "0001-app.xml": `<decoder name="app"><program_name>^app$</program_name></decoder>
<decoder name="app-login"><parent>app</parent><prematch>^login </prematch><regex offset="after_prematch">^user (\\w+) from</regex><order>user</order></decoder>
<decoder name="app-login"><parent>app</parent><regex offset="after_regex">^ (\\S+)</regex><order>srcip</order></decoder>
<decoder name="app-logout"><parent>app</parent><prematch>^logout </prematch><regex offset="after_prematch">^user (\\S+)</regex><order>user</order></decoder>
<decoder name="other"><prematch>^other: </prematch></decoder>` },
  rules: { "0100-app.xml": `<group name="app,">
  <rule id="1" level="0" noalert="1"><category>syslog</category><description>Template.</description></rule>
  <rule id="100" level="3"><decoded_as>app</decoded_as><description>app event</description></rule>
  <rule id="101" level="5"><if_sid>100</if_sid><match>login </match><description>login</description></rule>
  <rule id="102" level="5"><if_sid>100</if_sid><match>logout </match><description>logout</description></rule>
</group>` },
});

function caseOf(log: string): CorpusCase {
  return { idx: 0, file: "t.ini", name: "t", rule: "101", alert: 5, decoder: "app", runs: [{ key: "t", expect: "match", events: [log] }] };
}

test("caseCoverage() marks the decoders the decoders themselves report: parent, child taken, chain nodes that matched", () => {
  const cov = caseCoverage(ruleset, [caseOf("Dec 29 10:00:01 host app[1]: login user bob from 192.0.2.1")]);
  const hit = [...cov.decodersHit].map((d) => `${d.name}:${d.location.line}`).sort();
  assert.deepEqual(hit, ["app-login:2", "app-login:3", "app:1"]);
  const uncovered = cov.uncovered.map((u) => `${u.kind} ${u.name}`);
  assert.deepEqual(uncovered.filter((u) => u.startsWith("decoder")), ["decoder app-logout", "decoder other"]);
  assert.ok(uncovered.includes("rule 102"));
  assert.ok(!uncovered.includes("rule 101") && !uncovered.includes("rule 100"), "a hit rule and its single parent are covered");
});

test("caseCoverage() a chain node whose regex fails is not hit; FIM runs mark no XML decoder", () => {
  const cov = caseCoverage(ruleset, [caseOf("Dec 29 10:00:01 host app[1]: login user bob from")], {
    rawRuns: [[{ agentId: "001", agentName: "w", location: "syscheck", log: '{"type":"event","data":{"path":"/x","type":"added"}}', queue: "8", receivedAt: 0 }]],
  });
  assert.deepEqual([...cov.decodersHit].map((d) => `${d.name}:${d.location.line}`).sort(), ["app-login:2", "app:1"]);
});
