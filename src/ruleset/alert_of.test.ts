import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../core/mod.ts";
import { createEngine } from "./engine.ts";
import { fixtureRuleset } from "./_fixtures.ts";
import { wazuhTimestamp } from "./alert_of.ts";

const ruleset = fixtureRuleset({
  decoders: { "0001-j.xml": `<decoder name="json"><prematch>^{\\s*"</prematch><plugin_decoder>JSON_Decoder</plugin_decoder></decoder>` },
  rules: { "0100-j.xml": `<group name="j,">
  <rule id="100" level="4"><decoded_as>json</decoded_as><field name="kind">hit</field><description>$(user.name) from $(srcip) via $(missing) on $(hostname)</description></rule>
</group>` },
});

test("alerts nest dotted fields, keep hostile keys as plain data and fill $(field) placeholders", () => {
  const clock = new ManualClock();
  const engine = createEngine(ruleset, { clock, managerName: "mgr" });
  const log = '{"kind":"hit","srcip":"192.0.2.1","user":{"name":"eve"},"__proto__":{"polluted":"yes"},"a":"1","a.b":"2"}';
  const r = engine.analyze({ agentId: "000", agentName: "mgr", location: "stdin", log, queue: "1", receivedAt: clock.now() });
  assert.equal(r.rule?.id, "100", JSON.stringify(r.decoded.fields));
  assert.equal(r.rule?.description, "eve from 192.0.2.1 via  on mgr");
  const data = r.alert?.data as Record<string, unknown>;
  assert.deepEqual((data["user"] as Record<string, unknown>)["name"], "eve");
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined, "no prototype pollution");
  assert.ok(JSON.stringify(r.alert).includes('"polluted":"yes"'));
  assert.equal(data["a.b"], "2", "a leaf blocks the nesting: the dotted name is kept");
});

test("wazuhTimestamp() prints milliseconds and +0000, and survives invalid times", () => {
  assert.equal(wazuhTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), "2026-01-02T03:04:05.006+0000");
  assert.equal(wazuhTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 999)), "2026-01-02T03:04:05.999+0000");
  assert.equal(wazuhTimestamp(Number.NaN), "1970-01-01T00:00:00.000+0000");
});

test("FIM alerts carry the decoded event's syscheck block (path, event, size_after, md5_after)", () => {
  const fimRuleset = fixtureRuleset({
    decoders: {},
    rules: { "0015-ossec.xml": `<group name="ossec,syscheck,">
  <rule id="7" level="0" noalert="1"><category>ossec</category><description>Template: ossec events.</description></rule>
  <rule id="550" level="7"><category>ossec</category><decoded_as>syscheck_integrity_changed</decoded_as><description>Integrity checksum changed.</description><group>syscheck_entry_modified,</group></rule>
</group>` },
  });
  const clock = new ManualClock();
  const engine = createEngine(fimRuleset, { clock, managerName: "mgr" });
  const attrs = { type: "file", size: 1268, perm: "rw-r--r--", uid: "0", gid: "0", user_name: "root", group_name: "root", inode: 1835, mtime: 1700000000, hash_md5: "a1", hash_sha1: "b1", hash_sha256: "c1" };
  const data = { path: "/etc/passwd", mode: "realtime", type: "modified", attributes: { ...attrs, size: 1300, hash_md5: "a2" }, old_attributes: attrs, changed_attributes: ["size", "md5"] };
  const log = JSON.stringify({ type: "event", data });
  const r = engine.analyze({ agentId: "001", agentName: "web01", location: "syscheck", log, queue: "8", receivedAt: clock.now() });
  assert.equal(r.rule?.id, "550");
  const syscheck = r.alert?.syscheck as Record<string, unknown>;
  assert.equal(syscheck["path"], "/etc/passwd");
  assert.equal(syscheck["event"], "modified");
  assert.equal(syscheck["size_before"], "1268");
  assert.equal(syscheck["size_after"], "1300");
  assert.equal(syscheck["md5_after"], "a2");
  assert.deepEqual(syscheck["changed_attributes"], ["size", "md5"]);
  assert.equal(JSON.parse(JSON.stringify(r.alert)).syscheck.md5_before, "a1", "the block survives serialisation");
});
