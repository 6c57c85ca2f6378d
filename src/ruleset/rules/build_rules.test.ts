import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../../core/mod.ts";
import { createEngine } from "../engine.ts";
import { fixtureRuleset } from "../_fixtures.ts";
import type { Ruleset } from "../ruleset.ts";

const DECODERS = `<decoder name="app"><program_name>^app$</program_name></decoder>
<decoder name="app-fields"><parent>app</parent><regex>user=(\\S+) ip=(\\S+)</regex><order>srcuser, srcip</order></decoder>`;

function ruleOf(ruleset: Ruleset, message: string): string | undefined {
  const clock = new ManualClock();
  const engine = createEngine(ruleset, { clock, managerName: "m" });
  return engine.analyze({ agentId: "000", agentName: "m", location: "x", log: `Dec 10 01:02:02 host app[1]: ${message}`, queue: "1", receivedAt: clock.now() }).rule?.id;
}

function build(rules: Record<string, string>, lists?: Record<string, string>): Ruleset {
  return fixtureRuleset({ decoders: { "0001-app.xml": DECODERS }, rules, ...(lists ? { lists } : {}) });
}

const BASE = `<group name="app,"><rule id="100" level="0"><decoded_as>app</decoded_as><description>base</description></rule></group>`;

test("buildRuleTree() tries children by level, level 0 first, and returns the first matching branch depth first", () => {
  const rs = build({ "0100-a.xml": `${BASE}<group name="app,">
    <rule id="110" level="3"><if_sid>100</if_sid><match>alpha</match><description>a</description></rule>
    <rule id="111" level="14"><if_sid>110</if_sid><match>beta</match><description>a+b</description></rule>
    <rule id="112" level="7"><if_sid>100</if_sid><match>alpha</match><description>a again</description></rule>
    <rule id="113" level="0"><if_sid>100</if_sid><match>quiet</match><description>quiet</description></rule>
  </group>` });
  assert.equal(ruleOf(rs, "alpha beta"), "112", "112 (level 7) is tried before 110 (level 3), so 111 is never reached");
  assert.equal(ruleOf(rs, "alpha beta quiet"), "113");
});

test("buildRuleTree() keeps the first of duplicate ids and applies overwrite in place", () => {
  const rs = build({
    "0100-a.xml": `${BASE}<group name="app,">
      <rule id="120" level="5"><if_sid>100</if_sid><match>one</match><description>first</description></rule>
      <rule id="120" level="6"><if_sid>100</if_sid><match>two</match><description>duplicate</description></rule>
      <rule id="121" level="5"><if_sid>100</if_sid><match>three</match><description>to overwrite</description></rule>
    </group>`,
    "0200-b.xml": `<group name="app,"><rule id="121" level="9" overwrite="yes"><match>four</match><description>overwritten</description></rule></group>`,
  });
  assert.ok(rs.diagnostics.some((d) => d.code === "RULE_DUPLICATE_ID" && d.location?.line === 3));
  assert.equal(ruleOf(rs, "two"), "100");
  assert.equal(ruleOf(rs, "one"), "120");
  assert.equal(ruleOf(rs, "three"), "100");
  assert.equal(ruleOf(rs, "four"), "121");
  assert.equal(rs.rules.byId.get(121)?.rule.level, 9);
});

test("buildRuleTree() drops rules whose list is not configured, and their if_sid children", () => {
  const rs = build({ "0100-a.xml": `${BASE}<group name="app,">
    <rule id="130" level="5"><if_sid>100</if_sid><list field="srcuser" lookup="match_key">etc/lists/missing</list><description>l</description></rule>
    <rule id="131" level="6"><if_sid>130</if_sid><description>child</description></rule>
    <rule id="132" level="7"><if_sid>100</if_sid><list field="srcuser" lookup="match_key">etc/lists/users</list><description>known user</description></rule>
  </group>` }, { users: "bob:x\n" });
  assert.equal(rs.rules.byId.has(130), false);
  assert.equal(rs.rules.byId.has(131), false);
  assert.ok(rs.diagnostics.some((d) => d.code === "RULE_LIST_NOT_LOADED"));
  assert.equal(ruleOf(rs, "user=bob ip=1.2.3.4"), "132");
  assert.equal(ruleOf(rs, "user=eve ip=1.2.3.4"), "100");
});

test("buildRuleTree() places if_group children under every rule whose groups contain the text", () => {
  const rs = build({ "0100-a.xml": `${BASE}<group name="app,">
    <rule id="140" level="5"><if_sid>100</if_sid><match>denied</match><description>d</description><group>authentication_failed,</group></rule>
    <rule id="141" level="8"><if_group>authentication_fail</if_group><match>root</match><description>root failure</description></rule>
  </group>` });
  assert.equal(ruleOf(rs, "denied root"), "141");
  assert.equal(rs.rules.byId.get(141)?.positions, 1);
});

test("parseRuleFile() rejects a whole file using frequency without if_matched_*", () => {
  const rs = build({ "0100-a.xml": `${BASE}`, "0200-b.xml": `<group name="app,">
    <rule id="150" level="5"><if_sid>100</if_sid><match>x</match><description>ok alone</description></rule>
    <rule id="151" level="5" frequency="4"><if_sid>100</if_sid><description>bad</description></rule>
  </group>` });
  assert.equal(rs.rules.byId.has(150), false);
  const d = rs.diagnostics.find((x) => x.code === "RULE_STATEFUL_WITHOUT_MATCH");
  assert.equal(d?.location?.line, 3);
});

test("parseRuleFile() reports positioned errors and keeps loading the rest", () => {
  const rs = build({ "0100-a.xml": `${BASE}<group name="app,">
    <rule id="160" level="5"><if_sid>100</if_sid><bogus>1</bogus><description>x</description></rule>
    <rule id="161" level="5"><if_sid>100</if_sid><field name="srcip">1</field><description>x</description></rule>
    <rule id="162" level="5"><if_sid>100</if_sid><match>fine</match></rule>
    <rule id="163" level="99"><if_sid>100</if_sid><description>x</description></rule>
    <rule id="164" level="5" noalert="0"><if_sid>100</if_sid><match>fine</match><description>kept</description></rule>
  </group>` });
  const codes = rs.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}@${d.location?.line}`);
  assert.deepEqual(codes.sort(), ["RULE_BAD_ATTRIBUTE@5", "RULE_NO_DESCRIPTION@4", "RULE_STATIC_FIELD@3", "RULE_UNKNOWN_ELEMENT@2"].sort());
  assert.equal(ruleOf(rs, "fine"), "164");
});

test("compileRule() concatenates repeated matchers and uses the last type and negate", () => {
  const rs = build({ "0100-a.xml": `${BASE}<group name="app,">
    <rule id="170" level="5"><if_sid>100</if_sid><match>abc|</match><match type="osregex" negate="yes">^zzz</match><description>c</description></rule>
  </group>` });
  assert.equal(ruleOf(rs, "hello"), "170", "abc|^zzz negated: true unless the log starts with zzz or contains abc");
  assert.equal(ruleOf(rs, "zzz"), "100");
});
