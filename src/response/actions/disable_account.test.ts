import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { actionMessage, addContext, deleteContext } from "../../../test/harness/action_message.ts";
import { isRoot } from "../../../test/harness/netns.ts";
import { runResponseActionConformance } from "../../../test/harness/response_action_conformance.ts";
import { createCommandRunner } from "./command_runner.ts";
import { accountName, disableAccount } from "./disable_account.ts";

const root = { skip: !isRoot() && "needs root (creates local accounts)" };
let counter = 0;
/** A throwaway password hash (SHA-512 crypt of a random string); the account is deleted after. */
const HASH = "$6$riposte$Jv2v0QwJpZ8r8m3nq2yVf2tXh0M0m7nLZ0x9jQvF6M1q2kR5c8p3y1w7u4t6s9r0e2w3q4a5s6d7f8g9h0j1k";

function testUser(): { name: string; shadow(): string[]; remove(): void } {
  const name = `riptest${process.pid % 100000}x${++counter}`;
  execFileSync("useradd", ["-M", "-s", "/usr/sbin/nologin", "-p", HASH, name]);
  return {
    name,
    shadow: () => execFileSync("getent", ["shadow", name], { encoding: "utf8" }).trim().split(":"),
    remove: () => void execFileSync("userdel", [name], { stdio: "ignore" }),
  };
}

const locked = (shadow: string[]) => (shadow[1] ?? "").startsWith("!") && shadow[7] === "1";
const userMessage = (user: string) => actionMessage({ dstuser: user, srcip: "192.0.2.1" });

runResponseActionConformance("disable-account", () => {
  const users = new Map<string, ReturnType<typeof testUser>>();
  const userFor = (target: string) => {
    if (!users.has(target)) users.set(target, testUser());
    return users.get(target)!;
  };
  const sleeper = createCommandRunner();
  return {
    action: disableAccount(),
    hanging: disableAccount({ run: (_argv, o) => sleeper(["sleep", "3600"], o) }),
    message: (target) => userMessage(userFor(target).name),
    isActive: (target) => locked(userFor(target).shadow()),
    cleanup: () => users.forEach((u) => u.remove()),
  };
});

test("disable-account: locks and expires, unlocks and restores the hash; twice is harmless", root, async () => {
  const u = testUser();
  try {
    const a = disableAccount();
    for (let i = 0; i < 2; i++) assert.equal((await a.add(userMessage(u.name), addContext())).outcome, "done");
    assert.ok(locked(u.shadow()));
    for (let i = 0; i < 2; i++) assert.equal((await a.delete(userMessage(u.name), deleteContext)).outcome, "done");
    assert.deepEqual([u.shadow()[1], u.shadow()[7]], [HASH, ""]);
  } finally {
    u.remove();
  }
});

test("disable-account: refuses root, system accounts, unknown users and hostile names", root, async () => {
  const a = disableAccount();
  const code = async (user: unknown) => (await a.add(actionMessage({ dstuser: user }), addContext())).code;
  assert.equal(await code("root"), "ACTION_REFUSED");
  assert.equal(await code("daemon"), "ACTION_REFUSED");
  assert.equal(await code("nobody-such-user"), "ACTION_BAD_TARGET");
  for (const bad of ["-L", "a b", "../etc", "x:y", "Ünï", "a".repeat(40), "", 42]) assert.equal(await code(bad), "ACTION_BAD_TARGET", String(bad));
  assert.equal(accountName(actionMessage({ dstuser: "alice" })), "alice");
});
