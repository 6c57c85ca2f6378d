import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { writeFixture } from "../ruleset/_fixtures.ts";
import type { CommandIO } from "./command.ts";
import { logtestCommand } from "./logtest.ts";

const dir = writeFixture({
  decoders: { "0001-app.xml": `<decoder name="app"><program_name>^app$</program_name></decoder>
<decoder name="app-fields"><parent>app</parent><regex>user=(\\S+) ip=(\\S+)</regex><order>srcuser, srcip</order></decoder>` },
  rules: { "0100-app.xml": `<group name="app,authentication_failed,">
  <rule id="100" level="0"><decoded_as>app</decoded_as><description>app</description></rule>
  <rule id="101" level="6"><if_sid>100</if_sid><match>failed</match><description>failed for $(srcuser)</description></rule>
</group>` },
});

async function run(argv: string[], input: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CommandIO = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    stdin: Readable.from([input]),
    env: {},
    cwd: dir,
    signal: new AbortController().signal,
  };
  const code = await logtestCommand.run(argv, io);
  return { code, out, err };
}

test("riposte logtest --json: one JSON object per line, responses empty without --config", async () => {
  const r = await run(["--ruleset", dir, "--json"], 'Dec 10 01:02:02 host app[1]: failed user=bob ip=192.0.2.7\n\n{"log":"hello","location":"/x"}\n');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 2);
  assert.deepEqual(lines[0]?.["rule"], { id: "101", level: 6, description: "failed for bob", groups: ["app", "authentication_failed"], mitre: { id: [], tactic: [], technique: [] }, firedtimes: 1 });
  assert.deepEqual(lines[0]?.["responses"], []);
  assert.equal(lines[1]?.["rule"], null);
  assert.equal(lines[1]?.["location"], "/x");
});

test("riposte logtest --config names the active responses bound to the rule", async () => {
  const conf = join(dir, "ossec.conf");
  writeFileSync(conf, `<ossec_config>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_group>authentication_failed</rules_group><timeout>600</timeout></active-response>
</ossec_config>`);
  const r = await run(["--ruleset", dir, "--config", conf, "--json"], "Dec 10 01:02:02 host app[1]: failed user=bob ip=192.0.2.7\n");
  assert.equal(r.code, 0, r.err);
  assert.deepEqual((JSON.parse(r.out) as { responses: string[] }).responses, ["firewall-drop600"]);
});

test("riposte logtest rejects a bad --clock and an unknown ruleset folder", async () => {
  await assert.rejects(run(["--clock", "wall"], ""), /--clock/);
  const r = await run(["--ruleset", "/nonexistent-riposte"], "");
  assert.equal(r.code, 1);
  assert.match(r.err, /RULE_RULESET_NOT_FOUND/);
});

test("riposte logtest says so when the ruleset holds no rules", async () => {
  const empty = mkdtempSync(join(tmpdir(), "riposte-empty-"));
  mkdirSync(join(empty, "rules"));
  mkdirSync(join(empty, "decoders"));
  const r = await run(["--ruleset", empty], "");
  assert.equal(r.code, 1);
  assert.match(r.err, /holds no rules/);
});
