import { test } from "node:test";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { createNetns, isRoot, type Netns } from "../../../test/harness/netns.ts";
import { addContext, deleteContext, ipMessage } from "../../../test/harness/action_message.ts";
import { runResponseActionConformance } from "../../../test/harness/response_action_conformance.ts";
import { createCommandRunner, type CommandRunner } from "./command_runner.ts";
import { createFirewall, firewallDrop, type FirewallBackend } from "./firewall_drop.ts";
import { nftBatchScript } from "./nft_firewall.ts";
import { reconcileFirewall } from "./reconcile.ts";

const root = { skip: !isRoot() && "needs root (network namespaces)" };

/** A runner that runs `sleep 3600` instead of any tool: an add that never finishes. */
function hangingRunner(ns: string): CommandRunner {
  const base = createCommandRunner({ netns: ns });
  return (_argv, o) => base(["sleep", "3600"], o);
}

async function blocked(ns: Netns, backend: FirewallBackend): Promise<string[]> {
  return (await createFirewall({ netns: ns.name, backend }).list()).map((b) => b.target).sort();
}

for (const backend of ["nftables", "iptables"] as const) {
  runResponseActionConformance(`firewall-drop (${backend})`, () => {
    const ns = createNetns();
    return {
      action: firewallDrop({ netns: ns.name, backend }),
      hanging: firewallDrop({ run: hangingRunner(ns.name), backend }),
      message: (ip) => ipMessage(ip),
      isActive: async (ip) => (await blocked(ns, backend)).includes(ip),
      cleanup: () => ns.delete(),
    };
  });

  test(`firewall-drop (${backend}): add twice and delete twice are harmless, no duplicate rule`, root, async () => {
    const ns = createNetns();
    try {
      const a = firewallDrop({ netns: ns.name, backend });
      for (let i = 0; i < 2; i++) for (const ip of ["203.0.113.5", "2001:db8::5"]) assert.equal((await a.add(ipMessage(ip), addContext())).outcome, "done");
      assert.deepEqual(await blocked(ns, backend), ["2001:db8::5", "203.0.113.5"]);
      const rules = backend === "nftables" ? ns.exec(["nft", "list", "ruleset"]) : ns.exec(["iptables-save"]) + ns.exec(["ip6tables-save"]);
      const expected = backend === "nftables" ? /ip saddr @v4 drop/g : /-j RIPOSTE/g;
      assert.equal(rules.match(expected)?.length, backend === "nftables" ? 2 : 4, rules); // input + forward (per family for iptables)
      if (backend === "iptables") assert.equal(rules.match(/203\.0\.113\.5/g)?.length, 1);
      for (let i = 0; i < 2; i++) for (const ip of ["203.0.113.5", "2001:db8::5"]) assert.equal((await a.delete(ipMessage(ip), deleteContext)).outcome, "done");
      assert.deepEqual(await blocked(ns, backend), []);
      await createFirewall({ netns: ns.name, backend }).teardown();
      const after = backend === "nftables" ? ns.exec(["nft", "list", "ruleset"]) : ns.exec(["iptables-save"]) + ns.exec(["ip6tables-save"]);
      assert.doesNotMatch(after, /riposte|RIPOSTE/);
    } finally {
      ns.delete();
    }
  });

  test(`firewall-drop (${backend}): one batch blocks many addresses, reconcile adds missing and removes stale`, root, async () => {
    const ns = createNetns();
    try {
      let calls = 0;
      const base = createCommandRunner({ netns: ns.name });
      const fw = createFirewall({ backend, run: (argv, o) => (calls++, base(argv, o)) });
      const many = Array.from({ length: 500 }, (_, i) => ({ target: `10.${i >> 8}.${i & 255}.9`, timeoutSec: 600 }));
      await fw.block([...many, { target: "2001:db8::1", timeoutSec: 600 }]);
      assert.ok(backend === "nftables" ? calls === 1 : calls <= 14, `${calls} tool runs for 501 addresses (constant, not per address)`);
      assert.equal((await fw.list()).length, 501);
      const desired = [{ ip: "10.0.0.9", expiresAt: 1_000_000 + 60_000 }, { ip: "198.51.100.7" }, { ip: "10.0.1.9", expiresAt: 999_000 }, { ip: "nope" }, { ip: "10.0.0.0/8" }];
      if (backend === "nftables") desired.push({ ip: "2001:db8:5:6::/64" });
      const report = await reconcileFirewall(fw, desired, { nowMs: 1_000_000 });
      assert.deepEqual(report, { added: backend === "nftables" ? 2 : 1, removed: 500, kept: 1, invalid: 2 });
      assert.deepEqual(await blocked(ns, backend), backend === "nftables" ? ["10.0.0.9", "198.51.100.7", "2001:db8:5:6::/64"] : ["10.0.0.9", "198.51.100.7"]);
    } finally {
      ns.delete();
    }
  });
}

test("firewall-drop: kernel timeout expires the block with no Riposte process involved", root, async () => {
  const ns = createNetns();
  try {
    const a = firewallDrop({ netns: ns.name });
    assert.equal((await a.add(ipMessage("192.0.2.44", ["kernel-timeout=1"]), addContext())).outcome, "done");
    const listed = await createFirewall({ netns: ns.name }).list();
    assert.ok(listed.some((b) => b.target === "192.0.2.44" && b.expiresSec !== undefined && b.expiresSec <= 1));
    await new Promise((r) => setTimeout(r, 1600));
    assert.deepEqual(await blocked(ns, "nftables"), []);
  } finally {
    ns.delete();
  }
});

test("firewall-drop: an existing block gets the new timeout (add refreshes)", root, async () => {
  const ns = createNetns();
  try {
    const a = firewallDrop({ netns: ns.name });
    await a.add(ipMessage("192.0.2.45", ["kernel-timeout=100"]), addContext());
    await a.add(ipMessage("192.0.2.45", ["kernel-timeout=5000"]), addContext());
    const [b] = await createFirewall({ netns: ns.name }).list();
    assert.ok(b && b.expiresSec !== undefined && b.expiresSec > 4000, JSON.stringify(b));
  } finally {
    ns.delete();
  }
});

test("firewall-drop: ipv6-prefix blocks the network and keys on it", root, async () => {
  const ns = createNetns();
  try {
    const a = firewallDrop({ netns: ns.name, ipv6PrefixBits: 64 });
    const asked: Parameters<typeof addContext>[1] = [];
    await a.add(ipMessage("2001:db8:1:2:aaaa::9"), addContext("continue", asked));
    assert.deepEqual(asked[0]?.kind === "keys" && asked[0].keys, ["2001:db8:1:2::/64"]);
    assert.deepEqual(await blocked(ns, "nftables"), ["2001:db8:1:2::/64"]);
    assert.equal((await a.add(ipMessage("192.0.2.1", ["ipv6-prefix=48"]), addContext())).outcome, "done", "IPv4 is unaffected");
    await a.delete(ipMessage("2001:db8:1:2:aaaa::9"), deleteContext);
    assert.deepEqual(await blocked(ns, "nftables"), ["192.0.2.1"]);
  } finally {
    ns.delete();
  }
});

test("firewall-drop: failures are failures (missing tool, permission denied, bad input)", root, async () => {
  const ns = createNetns();
  try {
    const missing = firewallDrop({ run: createCommandRunner({ netns: ns.name, env: { PATH: "/nonexistent" } }) });
    const r1 = await missing.add(ipMessage("192.0.2.1"), addContext());
    assert.equal(r1.outcome, "failed");
    assert.equal(r1.code, "ACTION_TOOL_MISSING", r1.reason);
    const base = createCommandRunner({ netns: ns.name });
    const nobody: CommandRunner = (argv, o) => base(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", ...argv], o);
    const r2 = await firewallDrop({ run: nobody }).add(ipMessage("192.0.2.1"), addContext());
    assert.equal(r2.outcome, "failed");
    assert.equal(r2.code, "ACTION_PERMISSION_DENIED", r2.reason);
    const lines: string[] = [];
    const r3 = await firewallDrop({ netns: ns.name, log: (l) => lines.push(l) }).add(ipMessage("192.0.2.1; rm -rf /"), addContext());
    assert.equal(r3.code, "ACTION_BAD_TARGET");
    assert.match(lines.join("\n"), /ACTION_BAD_TARGET/);
    const r4 = await firewallDrop({ netns: ns.name }).add(ipMessage("192.0.2.1", ["backend=pf"]), addContext());
    assert.equal(r4.code, "ACTION_BAD_OPTION");
    for (const self of ["127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "::ffff:127.0.0.1"]) {
      assert.equal((await firewallDrop({ netns: ns.name }).add(ipMessage(self), addContext())).code, "ACTION_REFUSED", self);
    }
    assert.deepEqual(await blocked(ns, "nftables"), []);
  } finally {
    ns.delete();
  }
});

test("nftBatchScript: add refreshes (add, delete, add), delete is idempotent (add, delete), last request per address wins", () => {
  const script = nftBatchScript([
    { kind: "block", entry: { target: "192.0.2.1", timeoutSec: 60 } },
    { kind: "block", entry: { target: "192.0.2.1", timeoutSec: 90 } },
    { kind: "block", entry: { target: "2001:db8::/64" } },
    { kind: "unblock", target: "192.0.2.2" },
  ]);
  assert.equal(script, [
    "add element inet riposte v4 { 192.0.2.1 timeout 90s }",
    "delete element inet riposte v4 { 192.0.2.1 }",
    "add element inet riposte v4 { 192.0.2.1 timeout 90s }",
    "add element inet riposte v4 { 192.0.2.2 timeout 1s }",
    "delete element inet riposte v4 { 192.0.2.2 }",
    "add element inet riposte v6net { 2001:db8::/64 }",
    "delete element inet riposte v6net { 2001:db8::/64 }",
    "add element inet riposte v6net { 2001:db8::/64 }",
    "",
  ].join("\n"));
});

test("firewall-drop: a table removed behind Riposte's back is recreated on the next block", root, async () => {
  const ns = createNetns();
  try {
    const fw = createFirewall({ netns: ns.name });
    await fw.block([{ target: "192.0.2.60", timeoutSec: 60 }]);
    ns.exec(["nft", "delete", "table", "inet", "riposte"]);
    await fw.block([{ target: "192.0.2.61", timeoutSec: 60 }]);
    assert.deepEqual(await blocked(ns, "nftables"), ["192.0.2.61"]);
    assert.match(ns.exec(["nft", "list", "chain", "inet", "riposte", "input"]), /ip saddr @v4 drop/);
    fw.close();
  } finally {
    ns.delete();
  }
});

test("firewall-drop: a killed persistent nft session falls back to nft -f and is restarted", root, async () => {
  const ns = createNetns();
  try {
    const fw = createFirewall({ netns: ns.name });
    await fw.block([{ target: "192.0.2.70", timeoutSec: 60 }]);
    const cmdline = (pid: string) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8");
      } catch {
        return ""; // exited meanwhile
      }
    };
    const sessions = () => ns.exec(["ip", "netns", "pids", ns.name]).split("\n").filter((p) => p !== "" && /^nft\0-i/.test(cmdline(p)));
    const [pid] = sessions();
    assert.ok(pid, "a persistent nft -i runs in the namespace");
    process.kill(Number(pid), "SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
    await fw.block([{ target: "192.0.2.71", timeoutSec: 60 }]);
    await fw.block([{ target: "192.0.2.72", timeoutSec: 60 }]);
    assert.deepEqual(await blocked(ns, "nftables"), ["192.0.2.70", "192.0.2.71", "192.0.2.72"]);
    assert.equal(sessions().length, 1, "one new session");
    fw.close();
  } finally {
    ns.delete();
  }
});
