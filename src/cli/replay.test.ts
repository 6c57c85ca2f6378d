// riposte replay: text by default, --json, --html FILE, --self never blocked, usage errors.
// Uses the shipped etc/ossec.conf (firewall-drop600 on sshd brute force) and ruleset/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import type { CommandIO } from "./command.ts";
import { replayCommand } from "./replay.ts";

const dir = mkdtempSync(join(tmpdir(), "riposte-replay-cli-"));
const CONFIG = resolve(import.meta.dirname, "..", "..", "etc", "ossec.conf");

function bruteForce(ip: string, minute: number): string[] {
  return Array.from({ length: 8 }, (_, i) => `Nov 29 10:${String(minute).padStart(2, "0")}:${String(i * 2).padStart(2, "0")} web01 sshd[77]: Failed password for root from ${ip} port ${5000 + i} ssh2`);
}
writeFileSync(join(dir, "auth.log"), `${[...bruteForce("203.0.113.9", 0), ...bruteForce("192.0.2.44", 5)].join("\n")}\n`);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CommandIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), stdin: Readable.from([]), env: {}, cwd: dir, signal: new AbortController().signal };
  try {
    return { code: await replayCommand.run(argv, io), out, err };
  } catch (error: unknown) {
    return { code: 2, out, err: `${err}${error instanceof Error ? error.message : String(error)}` };
  }
}

test("riposte replay: text report; --self keeps an address from being blocked", async () => {
  const r = await run(["--config", CONFIG, "--year", "2026", "--self", "192.0.2.44", "auth.log"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Addresses that would have been blocked \(1\):\n.*\n\s+203\.0\.113\.9 /);
  assert.match(r.out, /Never blocked by the self-lockout guard \(1\):\n.*\n\s+192\.0\.2\.44\s+1\s+192\.0\.2\.44: address of the manager/);
});

test("riposte replay --json and --html FILE", async () => {
  const j = await run(["--config", CONFIG, "--year", "2026", "--json", "auth.log"]);
  assert.equal(j.code, 0, j.err);
  const report = JSON.parse(j.out) as { addresses: { ip: string }[]; blocks: { name: string; responses: number }[] };
  assert.deepEqual(report.addresses.map((a) => a.ip).sort(), ["192.0.2.44", "203.0.113.9"]);
  const h = await run(["--config", CONFIG, "--year", "2026", "--html", "report.html", "auth.log"]);
  assert.equal(h.code, 0, h.err);
  assert.ok(existsSync(join(dir, "report.html")));
  assert.match(readFileSync(join(dir, "report.html"), "utf8"), /^<!doctype html>[\s\S]*<svg/);
});

test("riposte replay: usage errors and an unreadable file", async () => {
  assert.equal((await run(["--config", CONFIG])).code, 2);
  assert.equal((await run(["--config", CONFIG, "--json", "--html", "x.html", "auth.log"])).code, 2);
  const missing = await run(["--config", CONFIG, "nope.log"]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /REPLAY_UNREADABLE/);
});
