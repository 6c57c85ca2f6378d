import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createManager } from "../manager/mod.ts";
import { enrollAgent } from "../agent/mod.ts";
import { configFromXml, managerConfigXml } from "../../test/harness/test_config.ts";
import { createRecordingAnalyzer } from "../../test/harness/recording_analyzer.ts";
import { main } from "./main.ts";
import { controlCommand } from "./control.ts";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, {
    stdout: (t) => void (out += t), stderr: (t) => void (err += t), stdin: process.stdin, env: {}, cwd: process.cwd(), signal: new AbortController().signal,
  }, [controlCommand]);
  return { code, out, err };
}

test("riposte control: -l lists agents as a table or JSON; --remove revokes; errors are coded", async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-cli-"));
  const home = join(dir, "mgr");
  const manager = createManager(configFromXml(managerConfigXml(), "manager"), { home, buildAnalyzer: () => createRecordingAnalyzer(), localAgentName: "mgr" });
  try {
    await manager.start();
    await enrollAgent({ home: join(dir, "a"), host: "127.0.0.1", port: manager.ports()["auth"] ?? 0, name: "web-01", groups: [] });
    const table = await run(["control", "--home", home, "-l"]);
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /^ID\s+NAME\s+IP\s+STATUS\s+LAST KEEPALIVE\s+VERSION\s+DROPPED\n000\s+mgr\s.*\n001\s+web-01\s+127\.0\.0\.1\s+never_connected\s+never\s/);
    const removed = await run(["control", "--home", home, "-j", "--remove", "001"]);
    assert.deepEqual(JSON.parse(removed.out), { error: 0, data: { id: "001", status: "revoked" } });
    const json = await run(["control", "--home", home, "-j", "-l"]);
    assert.deepEqual((JSON.parse(json.out) as { data: { id: string }[] }).data.map((a) => a.id), ["000"]);
    const all = await run(["control", "--home", home, "-j", "-l", "--all"]);
    assert.deepEqual((JSON.parse(all.out) as { data: { status: string }[] }).data.map((a) => a.status), ["active", "revoked"]);
    const again = await run(["control", "--home", home, "--remove", "001"]);
    assert.equal(again.code, 1);
    assert.match(again.err, /error AGENT_UNKNOWN/);
    assert.equal((await run(["control", "--home", home])).code, 2);
  } finally {
    await manager.stop();
  }
  const down = await run(["control", "--home", home, "-l"]);
  assert.equal(down.code, 1);
  assert.match(down.err, /CONTROL_UNAVAILABLE/);
  rmSync(dir, { recursive: true, force: true });
});
