// kill-process is irreversible, so the shared conformance suite (add, then delete leaves no
// trace) does not apply; these tests cover the same contract points that do: decide asked
// once, an aborted add kills nothing, delete is an idempotent no-op, a cancel is "killed".
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actionMessage, addContext, deleteContext } from "../../../test/harness/action_message.ts";
import type { KeysAnswer } from "../action.ts";
import { killProcess, protectedPids } from "./kill_process.ts";

function sleeper(path = "sleep"): ChildProcess {
  return spawn(path, ["3600"], { stdio: "ignore" });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function exited(c: ChildProcess): Promise<void> {
  if (c.exitCode === null && c.signalCode === null) await once(c, "exit");
}

test("kill-process: by pid, asks check_keys once, delete is a no-op", async () => {
  const c = sleeper();
  const asked: KeysAnswer[] = [];
  const r = await killProcess().add(actionMessage({ pid: String(c.pid) }), addContext("continue", asked));
  assert.equal(r.outcome, "done", r.reason);
  assert.deepEqual(asked.map((a) => a.kind === "keys" && a.keys), [[`pid:${c.pid}`]]);
  await exited(c);
  assert.equal(c.signalCode, "SIGKILL");
  for (let i = 0; i < 2; i++) assert.equal((await killProcess().delete(actionMessage({ pid: String(c.pid) }), deleteContext)).outcome, "done");
});

test("kill-process: an aborted add kills nothing; by name and by executable kill every match and nothing else", async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-kp-"));
  const exe = join(dir, `rksl${process.pid % 10000}`);
  copyFileSync("/usr/bin/sleep", exe);
  const [a, b, other] = [sleeper(exe), sleeper(exe), sleeper()];
  try {
    await new Promise((r) => setTimeout(r, 100));
    const name = exe.slice(exe.lastIndexOf("/") + 1);
    assert.equal((await killProcess().add(actionMessage({ process: name }, ["by=name"]), addContext("abort"))).outcome, "aborted");
    assert.equal((await killProcess().add(actionMessage({ process: name }), addContext())).code, "ACTION_BAD_TARGET", "by name only when asked: the default is the pid");
    assert.equal((await killProcess().add(actionMessage({ process: name }, ["by=name", "max=1"]), addContext())).code, "ACTION_REFUSED", "more matches than max");
    assert.ok(alive(a.pid!) && alive(b.pid!));
    assert.equal((await killProcess().add(actionMessage({ process: name }, ["by=name"]), addContext())).outcome, "done");
    await Promise.all([exited(a), exited(b)]);
    assert.ok(alive(other.pid!), "an unrelated sleep is untouched");
    const c = sleeper(exe);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await killProcess().add(actionMessage({ audit: { exe } }, ["by=exe"]), addContext())).outcome, "done");
    await exited(c);
  } finally {
    for (const p of [a, b, other]) p.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});

test("kill-process: refuses pid 1, itself and its ancestors, and hostile targets", async () => {
  const code = async (data: Record<string, unknown>, extra: string[] = []) => (await killProcess().add(actionMessage(data, extra), addContext())).code;
  assert.equal(await code({ pid: "1" }), "ACTION_REFUSED");
  assert.equal(await code({ pid: String(process.pid) }), "ACTION_REFUSED");
  assert.equal(await code({ pid: String(process.ppid) }), "ACTION_REFUSED");
  assert.ok(protectedPids("/proc", process.pid).has(process.ppid));
  for (const bad of [{ pid: "-1" }, { pid: "12 13" }, {}]) assert.equal(await code(bad), "ACTION_BAD_TARGET", JSON.stringify(bad));
  assert.equal(await code({ process: "a;b" }, ["by=name"]), "ACTION_BAD_TARGET");
  assert.equal(await code({ audit: { exe: "relative/x" } }, ["by=exe"]), "ACTION_BAD_TARGET");
  assert.equal(await code({ pid: "5" }, ["signal=HUP"]), "ACTION_BAD_OPTION");
});

test("kill-process: a name that also matches the agent or an ancestor is refused as a whole (fake /proc, no real signal)", async () => {
  // Pids far above any real one: if the guard failed, kill() would hit nothing (ESRCH).
  const proc = mkdtempSync(join(tmpdir(), "riposte-proc-"));
  try {
    const entry = (pid: number, ppid: number, comm: string) => {
      mkdirSync(join(proc, String(pid)));
      writeFileSync(join(proc, String(pid), "comm"), `${comm}\n`);
      writeFileSync(join(proc, String(pid), "stat"), `${pid} (${comm}) S ${ppid} 0 0`);
    };
    entry(1, 0, "init");
    entry(4_190_001, 1, "riposte-sup");
    entry(4_190_002, 4_190_001, "agentx");
    entry(4_190_003, 1, "agentx");
    const action = killProcess({ procRoot: proc, selfPid: 4_190_002 });
    const r = await action.add(actionMessage({ process: "agentx" }, ["by=name"]), addContext());
    assert.equal(r.code, "ACTION_REFUSED");
    assert.match(r.reason ?? "", /4190002/);
    assert.equal((await action.add(actionMessage({ process: "riposte-sup" }, ["by=name"]), addContext())).code, "ACTION_REFUSED", "an ancestor");
    assert.deepEqual([...protectedPids(proc, 4_190_002)].sort(), [0, 1, 4_190_001, 4_190_002]);
  } finally {
    rmSync(proc, { recursive: true, force: true });
  }
});

test("kill-process: a cancelled add yields killed", async () => {
  const c = sleeper();
  try {
    const ac = new AbortController();
    const r = await killProcess().add(actionMessage({ pid: String(c.pid) }), { signal: ac.signal, onStart: () => ac.abort(), decide: () => Promise.resolve("continue") });
    assert.equal(r.outcome, "killed");
    assert.equal(r.exitCode, null);
    assert.ok(alive(c.pid!), "nothing was killed after the cancel");
  } finally {
    c.kill("SIGKILL");
  }
});
