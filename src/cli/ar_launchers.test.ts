import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILTIN_ACTION_NAMES } from "../response/mod.ts";
import { CHECKOUT_LAUNCHERS, installBuiltinLaunchers, setUpActiveResponseBin } from "./ar_launchers.ts";

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "riposte-launchers-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs an entry as the execd does: fixed PATH, no RIPOSTE_NODE, HOME as cwd. */
function runEntry(home: string, name: string, args: readonly string[]) {
  return spawnSync(join(home, "active-response", "bin", name), args, { cwd: home, encoding: "utf8", env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" } });
}

test("installBuiltinLaunchers(): links every built-in, keeps an operator's entry, and a linked launcher runs from the home", () => withDir((home) => {
  mkdirSync(join(home, "active-response", "bin"), { recursive: true });
  writeFileSync(join(home, "active-response", "bin", "route-null"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  const r = installBuiltinLaunchers(home);
  assert.deepEqual(r.kept, ["route-null"]);
  assert.deepEqual([...r.installed].sort(), BUILTIN_ACTION_NAMES.filter((n) => n !== "route-null").sort());
  assert.deepEqual(r.failed, []);
  assert.equal(readFileSync(join(home, "active-response", "bin", "route-null"), "utf8"), "#!/bin/sh\nexit 0\n");
  assert.deepEqual(installBuiltinLaunchers(home).installed, [], "idempotent");
  const deny = join(home, "hosts.deny");
  const run = runEntry(home, "host-deny", ["add", "-", "203.0.113.5", "-", "-", "-", "-", `file=${deny}`]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(readFileSync(deny, "utf8"), "ALL: 203.0.113.5\n");
}));

test("a plain copy of a launcher in a home does not find Node (why the entries are links)", () => withDir((home) => {
  mkdirSync(join(home, "active-response", "bin"), { recursive: true });
  copyFileSync(join(CHECKOUT_LAUNCHERS, "host-deny"), join(home, "active-response", "bin", "host-deny"));
  const run = spawnSync("sh", [join(home, "active-response", "bin", "host-deny"), "add", "-", "203.0.113.5"], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
  assert.equal(run.status, 127);
  assert.match(run.stderr, /Node 24 not found/);
}));

test("setUpActiveResponseBin(): only when HOME/active-response/bin does not exist yet", () => withDir((dir) => {
  const fresh = join(dir, "fresh");
  assert.equal(setUpActiveResponseBin(fresh)?.installed.length, BUILTIN_ACTION_NAMES.length);
  const curated = join(dir, "curated");
  mkdirSync(join(curated, "active-response", "bin"), { recursive: true });
  assert.equal(setUpActiveResponseBin(curated), undefined);
  assert.deepEqual(readdirSync(join(curated, "active-response", "bin")), []);
}));
