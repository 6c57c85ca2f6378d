// `riposte check-config`: prints sorted diagnostics and a summary, exit 1 on error, 0 else,
// a UsageError (exit 2 in main) on bad arguments; --role overrides the guess. The command is
// run directly, so this test does not load the other subcommands.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { checkConfigCommand } from "./check_config.ts";
import { UsageError } from "./args.ts";
import type { CommandIO } from "./command.ts";

const repo = resolve(import.meta.dirname, "..", "..");
const invalid = join(repo, "src", "config", "testdata", "invalid");

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CommandIO = {
    stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdin: process.stdin,
    env: {}, cwd: repo, signal: new AbortController().signal,
  };
  const code = await checkConfigCommand.run(argv, io);
  return { code, stdout, stderr };
}

test("check-config exits 0 on the shipped configurations", async () => {
  const r = await run(["etc/ossec.conf"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, "1 file (role manager): 0 errors, 0 warnings\n");
  assert.equal((await run(["etc/agent.conf"])).stdout, "1 file (role agent): 0 errors, 0 warnings\n");
});

test("check-config checks each file on its own, with its own guessed role", async () => {
  const r = await run(["etc/ossec.conf", "etc/agent.conf"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, "2 files (roles manager, agent): 0 errors, 0 warnings\n");
});

test("check-config prints every diagnostic sorted, as file:line:col, and exits 1", async () => {
  const file = "src/config/testdata/invalid/active-response/several_mistakes.conf";
  const r = await run([file]);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split("\n");
  assert.deepEqual(lines.slice(0, -1).map((l) => l.split(" ").slice(0, 3).join(" ")), [
    `${file}:13:14: error CFG_UNDEFINED_COMMAND:`,
    `${file}:15:12: error CFG_OUT_OF_RANGE:`,
    `${file}:20:15: error CFG_INVALID_VALUE:`,
    `${file}:22:14: error CFG_INVALID_NUMBER:`,
  ]);
  assert.equal(lines.at(-1), "1 file (role manager): 4 errors, 0 warnings");
});

test("check-config prints hints and warnings, and exits 0 with warnings only", async () => {
  const r = await run([join(repo, "..", "shared", "wazuh-ruleset-4.14.7", "etc", "ossec.conf")]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /:145:17: warning CFG_WHITELIST_HOSTNAME: .*\(hint: /);
  assert.match(r.stdout, /0 errors, \d+ warnings\n$/);
});

test("check-config --role agent requires a manager address", async () => {
  const r = await run(["--role", "agent", join(invalid, "..", "valid", "api", "users.conf")]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /CFG_MISSING_OPTION: Cannot run an agent without a manager/);
  assert.match(r.stdout, /CFG_ROLE_IGNORED/);
});

test("check-config rejects a bad --role, an unknown option and a missing FILE", async () => {
  await assert.rejects(run(["--role", "server", "etc/ossec.conf"]), UsageError);
  await assert.rejects(run(["--strict", "etc/ossec.conf"]), UsageError);
  await assert.rejects(run([]), /at least one FILE is required/);
});

test("check-config reports a missing file with CFG_FILE_READ", async () => {
  const r = await run(["no/such/ossec.conf"]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^no\/such\/ossec\.conf:1:1: error CFG_FILE_READ: /);
});
