// Durable timeouts across a real crash: 100 responses are added by an execd process that is
// then killed with SIGKILL; a new execd started after their timeouts passed runs every
// delete within 5 s of its start, and none twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createArHome, RECORDING_SCRIPT } from "../harness/ar_home.ts";

const CHILD = join(import.meta.dirname, "..", "harness", "execd_child.ts");

function run(home: string, ...args: string[]): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, [CHILD, home, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const line = new Promise<string>((resolve, reject) => {
    let buf = "";
    child.stdout?.on("data", (c: Buffer) => {
      buf += c.toString();
      if (buf.includes("\n")) resolve(buf.trim());
    });
    child.once("exit", (code) => reject(new Error(`execd child exited ${code}`)));
  });
  return { child, line };
}

async function until(fn: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (fn()) return true;
    await sleep(25);
  }
  return fn();
}

test("execd crash: 100 pending responses, SIGKILL, restart after their timeouts: every delete runs within 5 s, none twice", { timeout: 60_000 }, async () => {
  const h = createArHome();
  const children: ChildProcess[] = [];
  try {
    h.script("firewall-drop", RECORDING_SCRIPT);
    mkdirSync(join(h.home, "etc", "shared"), { recursive: true });
    writeFileSync(join(h.home, "etc", "shared", "ar.conf"), "firewall-drop10 - firewall-drop - 10\n");
    const addsFrom = performance.now();
    const first = run(h.home, "add", "100");
    children.push(first.child);
    assert.equal(await first.line, "READY 100");
    first.child.kill("SIGKILL");
    await sleep(Math.max(0, addsFrom + 10_500 - performance.now()));
    assert.equal(h.records().filter((l) => l.startsWith("DELETE")).length, 0, "nothing ran while the execd was dead");
    const started = performance.now();
    const second = run(h.home, "start");
    children.push(second.child);
    assert.equal(await second.line, "STARTED");
    const deletes = () => h.records().filter((l) => l.startsWith("DELETE"));
    assert.ok(await until(() => deletes().length >= 100, 5_000), `only ${deletes().length} deletes`);
    assert.ok(performance.now() - started < 5_000 + 1_000);
    await sleep(1_500);
    assert.equal(deletes().length, 100);
    assert.equal(new Set(deletes()).size, 100, "none twice");
  } finally {
    for (const c of children) c.kill("SIGKILL");
    h.cleanup();
  }
});
