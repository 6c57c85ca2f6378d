// `riposte check-config`: prints sorted diagnostics and a summary, exit 1 on error, 0 else,
// a UsageError (exit 2 in main) on bad arguments; --role overrides the guess. The command is
// run directly, so this test does not load the other subcommands.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { checkConfigCommand } from "./check_config.ts";
import { UsageError } from "./args.ts";
import type { CommandIO } from "./command.ts";

const repo = resolve(import.meta.dirname, "..", "..");

function readShared(path: string): string {
  return readFileSync(join(repo, "..", "shared", "wazuh-ruleset-4.14.7", path), "utf8");
}
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

test("check-config exits 0 on the shipped configurations (etc/ossec.conf with Riposte's ruleset included)", async () => {
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
  // --no-rules: this stock file names its ruleset relative to a Wazuh install, absent here.
  const r = await run(["--no-rules", join(repo, "..", "shared", "wazuh-ruleset-4.14.7", "etc", "ossec.conf")]);
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

const wazuh = join(repo, "..", "shared", "wazuh-ruleset-4.14.7");

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "riposte-check-config-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("check-config loads the ruleset a manager configuration names and prints its positioned diagnostics", async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, "rules"));
  mkdirSync(join(dir, "etc", "lists"), { recursive: true });
  symlinkSync(join(repo, "ruleset", "lists", "production-hosts"), join(dir, "etc", "lists", "production-hosts"));
  writeFileSync(join(dir, "rules", "0100-bad.xml"), `<group name="x,">
  <rule id="100100" level="5">
    <if_sid>999999</if_sid>
    <match>foo</match>
    <description>bad parent</description>
  </rule>
</group>
`);
  writeFileSync(join(dir, "rules", "0200-broken.xml"), `<group name="y,">
  <rule id="100200" level="5">
    <match>bar</match>
    <description>never closed</description>
  </rul>
</group>
`);
  writeFileSync(join(dir, "ossec.conf"), `<ossec_config>
  <ruleset>
    <decoder_dir>${join(repo, "ruleset", "decoders")}</decoder_dir>
    <rule_dir>${join(repo, "ruleset", "rules")}</rule_dir>
    <list>etc/lists/production-hosts</list>
    <rule_dir>rules</rule_dir>
  </ruleset>
</ossec_config>
`);
  const r = await run([join(dir, "ossec.conf")]);
  assert.equal(r.code, 1, r.stdout);
  const lines = r.stdout.trimEnd().split("\n");
  assert.deepEqual(lines.slice(0, -1).map((l) => l.split(" ").slice(0, 3).join(" ")), [
    `${join(dir, "rules", "0100-bad.xml")}:2:3: warning RULE_UNKNOWN_IF_SID:`,
    `${join(dir, "rules", "0100-bad.xml")}:2:3: warning RULE_NO_PARENT:`,
    `${join(dir, "rules", "0200-broken.xml")}:5:3: error XML_MISMATCHED_END_TAG:`,
  ]);
  assert.equal(lines.at(-1), "1 file (role manager): 1 error, 2 warnings");
  const config = await run(["--no-rules", join(dir, "ossec.conf")]);
  assert.deepEqual([config.code, config.stdout], [0, "1 file (role manager): 0 errors, 0 warnings\n"], "--no-rules checks the configuration only");
});

test("check-config skips the ruleset of an agent configuration and of a configuration with errors", async () => {
  const r = await run(["src/config/testdata/invalid/active-response/several_mistakes.conf"]);
  assert.ok(!r.stdout.includes("RULE_"), r.stdout);
  assert.equal((await run(["etc/agent.conf"])).stdout, "1 file (role agent): 0 errors, 0 warnings\n");
});

test("check-config: Wazuh's server configuration in a Wazuh layout over the shared ruleset has no error", { skip: !existsSync(wazuh) && "shared ruleset not present" }, async (t) => {
  // The stock file as it is, in a folder laid out like a Wazuh install (symlinks, no copies).
  const dir = tempDir(t);
  writeFileSync(join(dir, "ossec.conf"), readShared("etc/ossec-server.conf"));
  symlinkSync(join(wazuh, "ruleset"), join(dir, "ruleset"));
  mkdirSync(join(dir, "etc", "decoders"), { recursive: true });
  mkdirSync(join(dir, "etc", "rules"));
  symlinkSync(join(wazuh, "ruleset", "lists"), join(dir, "etc", "lists"));
  symlinkSync(join(wazuh, "etc", "local_decoder.xml"), join(dir, "etc", "decoders", "local_decoder.xml"));
  symlinkSync(join(wazuh, "etc", "local_rules.xml"), join(dir, "etc", "rules", "local_rules.xml"));
  const r = await run([join(dir, "ossec.conf")]);
  assert.equal(r.code, 0, r.stdout.split("\n").filter((l) => l.includes(" error ")).join("\n"));
  assert.match(r.stdout, /1 file \(role manager\): 0 errors, \d+ warnings\n$/);
  assert.match(r.stdout, /0350-amazon_rules\.xml:\d+:\d+: warning RULE_LIST_NOT_LOADED: /, "the ruleset was loaded (a list the stock file does not name)");
});
