// restart-agent only sends a signal (irreversible, stateless), so the shared conformance
// suite does not apply; these tests cover the pid file, the guards and the failure paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actionMessage, addContext, deleteContext } from "../../../test/harness/action_message.ts";
import { restartAgent } from "./restart_agent.ts";

/** A stand-in agent whose command line names riposte; it prints each signal it gets. */
function fakeAgent(args: readonly string[] = ["riposte-agent"]) {
  const child = spawn(process.execPath, ["-e", `process.on("SIGHUP", () => console.log("HUP")); process.on("SIGTERM", () => { console.log("TERM"); process.exit(0); }); console.log("ready"); setInterval(() => {}, 1000);`, ...args], { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  const waitFor = async (word: string) => {
    for (let i = 0; i < 200 && !out.includes(word); i++) await new Promise((r) => setTimeout(r, 10));
    return out.includes(word);
  };
  return { child, waitFor };
}

function home() {
  const dir = mkdtempSync(join(tmpdir(), "riposte-ra-"));
  mkdirSync(join(dir, "var", "run"), { recursive: true });
  return { dir, pid: (text: string) => writeFileSync(join(dir, "var", "run", "riposte-agent.pid"), text), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test("restart-agent: signals the agent named by HOME/var/run/riposte-agent.pid (HUP, or TERM from extra_args); stateless", async () => {
  const h = home();
  const agent = fakeAgent();
  try {
    assert.ok(await agent.waitFor("ready"));
    h.pid(`${agent.child.pid}\n`);
    const asked: unknown[] = [];
    const r = await restartAgent({ home: h.dir }).add(actionMessage({}), addContext("continue", asked as never[]));
    assert.equal(r.outcome, "done", r.reason);
    assert.equal(asked.length, 0, "stateless: no check_keys");
    assert.ok(await agent.waitFor("HUP"));
    assert.equal((await restartAgent({ home: h.dir }).delete(actionMessage({}), deleteContext)).outcome, "done");
    assert.equal((await restartAgent({ home: h.dir }).add(actionMessage({}, ["signal=TERM"]), addContext())).outcome, "done");
    assert.ok(await agent.waitFor("TERM"));
  } finally {
    agent.child.kill("SIGKILL");
    h.cleanup();
  }
});

test("restart-agent: a missing or bad pid file, a stale pid (not riposte) and pid 1 are failures, nothing is signalled", async () => {
  const h = home();
  const stranger = spawn("sleep", ["3600"], { stdio: "ignore" });
  try {
    const code = async (extra: string[] = []) => (await restartAgent({ home: h.dir, selfPid: stranger.pid! }).add(actionMessage({}, extra), addContext())).code;
    assert.equal(await code(), "ACTION_BAD_TARGET", "no pid file and no riposte agent among the ancestors");
    for (const bad of ["1", "-5", "abc", ""]) {
      h.pid(bad);
      assert.equal(await code(), "ACTION_BAD_TARGET", bad);
    }
    h.pid(String(stranger.pid));
    assert.equal(await code(), "ACTION_REFUSED");
    assert.equal(stranger.exitCode, null);
    assert.equal(await code(["signal=KILL"]), "ACTION_BAD_OPTION");
  } finally {
    stranger.kill("SIGKILL");
    h.cleanup();
  }
});

test("restart-agent: without a pid file, the nearest ancestor running `riposte agent` is signalled", async () => {
  const h = home();
  const agent = fakeAgent(["/opt/riposte/bin/riposte.ts", "agent", "--home", h.dir]);
  try {
    assert.ok(await agent.waitFor("ready"));
    const r = await restartAgent({ home: h.dir, selfPid: agent.child.pid! }).add(actionMessage({}), addContext());
    assert.equal(r.outcome, "done", r.reason);
    assert.ok(await agent.waitFor("HUP"));
  } finally {
    agent.child.kill("SIGKILL");
    h.cleanup();
  }
});

test("restart-agent: without an agent pid file, the manager's (HOME/var/run/riposte-manager.pid) is used", async () => {
  const h = home();
  const manager = fakeAgent(["riposte-manager"]);
  try {
    assert.ok(await manager.waitFor("ready"));
    writeFileSync(join(h.dir, "var", "run", "riposte-manager.pid"), `${manager.child.pid}\n`);
    const r = await restartAgent({ home: h.dir, selfPid: 1 }).add(actionMessage({}), addContext());
    assert.equal(r.outcome, "done", r.reason);
    assert.ok(await manager.waitFor("HUP"));
  } finally {
    manager.child.kill("SIGKILL");
    h.cleanup();
  }
});
