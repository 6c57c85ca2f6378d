import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../core/mod.ts";
import { createLogtestSession, parseLogtestLine } from "./logtest.ts";
import { formatLogtest } from "./logtest_text.ts";
import { fixtureRuleset } from "./_fixtures.ts";

const ruleset = fixtureRuleset({
  decoders: { "0001-app.xml": `<decoder name="app"><program_name>^app$</program_name></decoder>
<decoder name="app-fields"><parent>app</parent><prematch>login </prematch><regex offset="after_prematch">failed user=(\\S+) ip=(\\S+)</regex><order>srcuser, srcip</order></decoder>` },
  rules: { "0100-app.xml": `<group name="app,">
  <rule id="100" level="0"><decoded_as>app</decoded_as><description>app</description></rule>
  <rule id="101" level="5"><if_sid>100</if_sid><match>login failed</match><description>Login failed for $(srcuser)</description><mitre><id>T1110</id></mitre></rule>
  <rule id="102" level="10" frequency="2" timeframe="60"><if_matched_sid>101</if_matched_sid><same_source_ip /><description>Repeated failures</description></rule>
</group>` },
});

test("parseLogtestLine() accepts {log, location} objects and raw lines", () => {
  assert.deepEqual(parseLogtestLine('{"log":"x y","location":"/var/log/a"}'), { log: "x y", location: "/var/log/a" });
  assert.deepEqual(parseLogtestLine('{"log":"x"}'), { log: "x", location: "stdin" });
  assert.deepEqual(parseLogtestLine('{"event":1}'), { log: '{"event":1}', location: "stdin" });
  assert.deepEqual(parseLogtestLine("{not json"), { log: "{not json", location: "stdin" });
});

test("createLogtestSession() correlates across lines of one session and names responses", () => {
  const session = createLogtestSession(ruleset, { clock: new ManualClock(), managerName: "m", responses: (r) => (r.level >= 10 ? ["firewall-drop600"] : []) });
  const line = "Dec 10 01:02:02 host app[1]: login failed user=bob ip=192.0.2.7";
  const first = session.run(line);
  assert.equal(first.rule?.id, "101");
  assert.equal(first.rule?.description, "Login failed for bob");
  assert.deepEqual(first.rule?.mitre.id, ["T1110"]);
  assert.deepEqual(first.decoder, { name: "app", parent: "app" });
  assert.deepEqual(first.data, { srcuser: "bob", srcip: "192.0.2.7" });
  assert.deepEqual(first.predecoder, { program_name: "app", timestamp: "Dec 10 01:02:02", hostname: "host" });
  assert.ok(first.alert);
  assert.deepEqual(first.responses, []);
  const second = session.run(line);
  assert.equal(second.rule?.id, "102");
  assert.deepEqual(second.responses, ["firewall-drop600"]);
});

test("formatLogtest() prints the three phases and escapes control characters", () => {
  const session = createLogtestSession(ruleset, { clock: new ManualClock(), managerName: "m" });
  const text = formatLogtest(session.run("Dec 10 01:02:02 host app[1]: login failed user=bob\u001b[2J ip=192.0.2.7"));
  assert.match(text, /\*\*Phase 1: Completed pre-decoding\./);
  assert.match(text, /\*\*Phase 2: Completed decoding\.\n\tname: 'app'/);
  assert.match(text, /\*\*Phase 3: Completed filtering \(rules\)\.\n\tid: '101'/);
  assert.match(text, /\*\*Alert to be generated\./);
  assert.ok(!text.includes("\u001b"));
  assert.match(formatLogtest(session.run("nothing decodes this")), /No decoder matched\./);
});
