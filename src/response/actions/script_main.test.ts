// The executables in active-response/bin: POSIX sh launchers that exec the project's Node 24
// (even with only an old Node, or none, on PATH), the JSON protocol with check_keys, the
// positional form, exit statuses, and action lines in HOME/logs/active-responses.log.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createNetns, isRoot } from "../../../test/harness/netns.ts";
import { ipMessage } from "../../../test/harness/action_message.ts";
import { BUILTIN_ACTION_NAMES, builtinForExecutable } from "./builtin_actions.ts";
import { positionalMessage } from "./script_main.ts";

const REPO = resolve(import.meta.dirname, "..", "..", "..");
const BIN = join(REPO, "active-response", "bin");
const root = { skip: !isRoot() && "needs root (network namespaces)" };
/** No Node 24 on this PATH: the launcher must find the project's own. */
const OLD_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

/** Runs a launcher inside `ns`, feeding stdin lines as it asks (check_keys → `reply`). */
function runScript(ns: string, exe: string, args: string[], input?: { line: string; reply?: (checkKeys: string) => string }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn("ip", ["netns", "exec", ns, exe, ...args], { env: { PATH: OLD_PATH } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      if (input?.reply && stdout.includes("\n")) child.stdin.end(input.reply(stdout.split("\n")[0] ?? "") + "\n");
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    if (input) child.stdin.write(input.line + "\n");
    if (!input?.reply) child.stdin.end();
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

test("every built-in has an identical launcher in active-response/bin", () => {
  const launcher = readFileSync(join(REPO, "active-response", "launcher.sh"), "utf8");
  assert.deepEqual(readdirSync(BIN).sort(), [...BUILTIN_ACTION_NAMES].sort());
  for (const name of BUILTIN_ACTION_NAMES) assert.equal(readFileSync(join(BIN, name), "utf8"), launcher, name);
  const code = launcher.split("\n").filter((l) => !l.startsWith("#")).join("\n");
  assert.doesNotMatch(code, /\beval\b|\$\*/);
});

test("launcher: JSON protocol with check_keys (continue blocks, abort does not), positional form, exit statuses", root, async () => {
  const ns = createNetns();
  const home = mkdtempSync(join(tmpdir(), "riposte-home-"));
  try {
    mkdirSync(join(home, "active-response", "bin"), { recursive: true });
    mkdirSync(join(home, "logs"));
    const exe = join(home, "active-response", "bin", "firewall-drop");
    symlinkSync(join(BIN, "firewall-drop"), exe);
    const set = () => ns.exec(["nft", "list", "table", "inet", "riposte"]);

    const add = JSON.stringify(ipMessage("203.0.113.7"));
    const answer = (cmd: string) => (line: string) => {
      assert.deepEqual(JSON.parse(line), { version: 1, origin: { name: "firewall-drop", module: "active-response" }, command: "check_keys", parameters: { keys: ["203.0.113.7"] } });
      return JSON.stringify({ ...ipMessage("203.0.113.7"), command: cmd });
    };
    const aborted = await runScript(ns.name, exe, [], { line: add, reply: answer("abort") });
    assert.equal(aborted.code, 0, aborted.stderr);
    assert.equal(ns.status(["nft", "list", "table", "inet", "riposte"]) === 0 && set().includes("203.0.113.7"), false);
    const r = await runScript(ns.name, exe, [], { line: add, reply: answer("continue") });
    assert.equal(r.code, 0, r.stderr);
    assert.match(set(), /203\.0\.113\.7/);
    const del = await runScript(ns.name, exe, [], { line: JSON.stringify({ ...ipMessage("203.0.113.7"), command: "delete" }) });
    assert.equal(del.code, 0, del.stderr);
    assert.doesNotMatch(set(), /203\.0\.113\.7/);

    const byHand = await runScript(ns.name, join(BIN, "firewall-drop"), ["add", "-", "2001:db8::7", "1", "5763"]);
    assert.equal(byHand.code, 0, byHand.stderr);
    assert.match(set(), /2001:db8::7/);
    assert.equal((await runScript(ns.name, join(BIN, "firewall-drop"), ["delete", "-", "2001:db8::7"])).code, 0);
    assert.doesNotMatch(set(), /2001:db8::7/);

    const bad = await runScript(ns.name, exe, ["add", "-", "1.2.3.4; reboot"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /ACTION_BAD_TARGET/);
    const garbage = await runScript(ns.name, exe, [], { line: "not json" });
    assert.equal(garbage.code, 1);
    assert.match(garbage.stderr, /ACTION_BAD_MESSAGE/);
    const log = readFileSync(join(home, "logs", "active-responses.log"), "utf8");
    assert.match(log, /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d active-response\/bin\/firewall-drop: Blocked 203\.0\.113\.7 \(nftables, kernel timeout 86400s\)$/m);
    assert.match(log, /firewall-drop: Error: ACTION_BAD_TARGET/);
  } finally {
    ns.delete();
    rmSync(home, { recursive: true, force: true });
  }
});

test("launcher: a failed kernel operation is a non-zero exit with a clear stderr line", root, () => {
  const ns = createNetns();
  try {
    const r = spawnSync("ip", ["netns", "exec", ns.name, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", join(BIN, "route-null"), "add", "-", "192.0.2.1"], { encoding: "utf8", env: { PATH: OLD_PATH } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /route-null: Failed: ACTION_PERMISSION_DENIED: ip -4 route/);
  } finally {
    ns.delete();
  }
});

test("launcher: a missing Node is reported, not silently ignored", () => {
  const r = spawnSync(join(BIN, "host-deny"), ["add", "-", "192.0.2.1"], { encoding: "utf8", env: { PATH: OLD_PATH, RIPOSTE_NODE: "/nonexistent/node" } });
  assert.equal(r.status, 127);
  assert.match(r.stderr, /Node 24 not found/);
});

test("positionalMessage: add|delete USER IP ALERTID RULEID AGENT FILE, extra words become extra_args", () => {
  const m = positionalMessage(["add", "-", "203.0.113.5", "1", "5763", "-", "-", "kernel-timeout=60"]);
  assert.deepEqual(m?.parameters, { extra_args: ["kernel-timeout=60"], alert: { data: { srcip: "203.0.113.5" }, id: "1", rule: { id: "5763" } } });
  assert.equal(positionalMessage(["--help"]), undefined);
});

test("builtinForExecutable: in-process only for a Riposte launcher named after a built-in", () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-bin-"));
  try {
    assert.equal(builtinForExecutable(join(BIN, "firewall-drop"))?.name, "firewall-drop");
    const link = join(dir, "host-deny");
    symlinkSync(join(BIN, "host-deny"), link);
    assert.equal(builtinForExecutable(link)?.name, "host-deny");
    const custom = join(dir, "route-null");
    writeFileSync(custom, "#!/bin/sh\n# someone's own route-null\n");
    assert.equal(builtinForExecutable(custom), undefined, "a custom script keeps running as a process");
    const other = join(dir, "my-script");
    symlinkSync(join(BIN, "host-deny"), other);
    assert.equal(builtinForExecutable(other), undefined, "not a built-in name");
    assert.equal(builtinForExecutable(join(dir, "absent")), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
