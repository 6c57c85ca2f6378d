import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ManualClock, silentLogger } from "../../core/mod.ts";
import { buildMessage, builtinAction, createFirewall, parseArConf, serializeMessage, type KernelBlock } from "../../response/mod.ts";
import { openDatabase } from "../../store/mod.ts";
import { createArHome, RECORDING_SCRIPT, type ArHome } from "../../../test/harness/ar_home.ts";
import { createNetns, isRoot, type Netns } from "../../../test/harness/netns.ts";
import { createAgentActiveResponse, createExecd, type AgentActiveResponse, type ArAnswer } from "./mod.ts";
import { desiredBlocks } from "./firewall_reconcile.ts";
import type { ActiveEntry } from "./timeout_store.ts";

const root = { skip: !isRoot() && "needs root (network namespaces)" };
const LAUNCHER = readFileSync(resolve(import.meta.dirname, "..", "..", "..", "active-response", "bin", "firewall-drop"), "utf8");

function payload(ip: string, name: string): Record<string, unknown> {
  return JSON.parse(serializeMessage(buildMessage({
    originName: "node01", module: "wazuh-analysisd", name, extraArgs: ["cut=none"],
    alert: { id: "1700000000.1", rule: { id: "5763", level: 10 }, agent: { id: "001", name: "web01" }, data: { srcip: ip } },
  }))) as Record<string, unknown>;
}

function home(arConf: string, firewallDrop = LAUNCHER): ArHome {
  const h = createArHome();
  h.script("firewall-drop", firewallDrop);
  mkdirSync(join(h.home, "etc", "shared"), { recursive: true });
  writeFileSync(join(h.home, "etc", "shared", "ar.conf"), arConf);
  return h;
}

function agentAr(h: ArHome, ns: Netns, clock: ManualClock, repeatedOffendersMinutes: number[] = []): AgentActiveResponse {
  return createAgentActiveResponse({ home: h.home, clock, logger: silentLogger, netns: ns.name, execd: { disabled: false, repeatedOffendersMinutes } });
}

function send(ar: AgentActiveResponse, id: string, body: Record<string, unknown>): Promise<ArAnswer> {
  return new Promise((done) => ar.onAr({ id, payload: body, expiresAt: 0 }, done));
}

async function kernel(ns: Netns): Promise<Map<string, KernelBlock>> {
  const fw = createFirewall({ netns: ns.name });
  try {
    return new Map((await fw.list()).map((b) => [b.target, b]));
  } finally {
    fw.close();
  }
}

function near(actual: number | undefined, expected: number, slack = 5): void {
  assert.ok(actual !== undefined && actual <= expected && actual >= expected - slack, `kernel timeout ${actual} s, expected about ${expected} s`);
}

test("in-process firewall-drop via the execd: the kernel timeout is the response's (escalated) timeout + 60 s grace", root, async () => {
  const ns = createNetns();
  const h = home("firewall-drop5 - firewall-drop - 5\n");
  const clock = new ManualClock();
  const ar = agentAr(h, ns, clock, [2]);
  try {
    await ar.start();
    assert.equal((await send(ar, "c1", payload("203.0.113.7", "firewall-drop5"))).outcome, "done");
    near((await kernel(ns)).get("203.0.113.7")?.expiresSec, 65);
    clock.advance(5_000); // the execd's delete at T
    await ar.execd?.settled();
    assert.equal((await kernel(ns)).has("203.0.113.7"), false);
    assert.equal((await send(ar, "c2", payload("203.0.113.7", "firewall-drop5"))).outcome, "done");
    near((await kernel(ns)).get("203.0.113.7")?.expiresSec, 120 + 60);
    const log = readFileSync(join(h.home, "logs", "active-responses.log"), "utf8");
    assert.doesNotMatch(log, /"timeout"/, "the logged script message keeps Wazuh's shape");
  } finally {
    await ar.stop();
    ns.delete();
    h.cleanup();
  }
});

test("agent start reconciles the kernel with the durable firewall-drop responses (lost block re-added, stale element removed)", root, async () => {
  const ns = createNetns();
  const h = home("firewall-drop600 - firewall-drop - 600\n");
  const clock = new ManualClock();
  try {
    const first = agentAr(h, ns, clock);
    await first.start();
    for (const ip of ["203.0.113.7", "198.51.100.9"]) assert.equal((await send(first, ip, payload(ip, "firewall-drop600"))).outcome, "done");
    await first.stop();
    ns.exec(["nft", "delete", "element", "inet", "riposte", "v4", "{ 203.0.113.7 }"]); // lost (a flush, a reboot)
    ns.exec(["nft", "add", "element", "inet", "riposte", "v4", "{ 192.0.2.66 timeout 1h }"]); // no response holds it
    clock.advance(100_000);
    const second = agentAr(h, ns, clock);
    await second.start();
    const after = await kernel(ns);
    assert.deepEqual([...after.keys()].sort(), ["198.51.100.9", "203.0.113.7"]);
    near(after.get("203.0.113.7")?.expiresSec, 500 + 60);
    near(after.get("198.51.100.9")?.expiresSec, 500 + 60);
    // The restored blocks are leases: a response extended by a duplicate is renewed in the kernel.
    ns.exec(["nft", "delete", "element", "inet", "riposte", "v4", "{ 203.0.113.7 }"]);
    ns.exec(["nft", "add", "element", "inet", "riposte", "v4", "{ 203.0.113.7 timeout 100s }"]);
    const tick = async (ms: number) => {
      for (let t = 0; t < ms; t += 15_000) {
        clock.advance(15_000);
        await second.execd?.settled();
        await new Promise((r) => setTimeout(r, 20)); // a renewal's nft call
      }
    };
    await tick(390_000);
    const dup = await send(second, "dup", payload("203.0.113.7", "firewall-drop600"));
    assert.equal((JSON.parse(dup.detail ?? "{}") as { outcome?: string }).outcome, "aborted", "a duplicate extends the response");
    await tick(165_000); // past 198.51.100.9's delete (500 s) and the 203.0.113.7 lease renewal (530 s)
    const renewed = await kernel(ns);
    assert.equal(renewed.has("198.51.100.9"), false, "deleted at its time, its lease released");
    near(renewed.get("203.0.113.7")?.expiresSec, 560);
    await second.stop();
  } finally {
    ns.delete();
    h.cleanup();
  }
});

test("no reconciliation when bin/firewall-drop is the operator's own script", root, async () => {
  const ns = createNetns();
  const h = home("firewall-drop600 - firewall-drop - 600\n", RECORDING_SCRIPT);
  try {
    ns.exec(["nft", "add", "table", "inet", "riposte"]);
    ns.exec(["nft", "add", "set", "inet", "riposte", "v4", "{ type ipv4_addr; flags timeout; }"]);
    ns.exec(["nft", "add", "element", "inet", "riposte", "v4", "{ 192.0.2.66 timeout 1h }"]);
    const ar = agentAr(h, ns, new ManualClock());
    await ar.start();
    await ar.stop();
    assert.equal((await kernel(ns)).has("192.0.2.66"), true);
  } finally {
    ns.delete();
    h.cleanup();
  }
});

test("desiredBlocks(): firewall-drop entries by their key target; deleting, iptables and other executables left out", () => {
  const entry = (key: string, more: Partial<ActiveEntry> = {}): ActiveEntry => ({
    key, name: "firewall-drop600", executable: "firewall-drop", program: "active-response/bin/firewall-drop", legacyArgs: false,
    payload: JSON.stringify({ version: 1, origin: {}, command: "delete", parameters: { extra_args: [], alert: {} } }),
    startedAt: 0, durationMs: 600_000, expiresAt: 600_000, origin: "rule", offence: 1, deleting: false, ...more,
  });
  const iptables = JSON.stringify({ version: 1, origin: {}, command: "delete", parameters: { extra_args: ["backend=iptables"], alert: {} } });
  assert.deepEqual(desiredBlocks([
    entry("firewall-drop-203.0.113.7"), entry("firewall-drop-2001:db8::/64", { expiresAt: 5 }),
    entry("firewall-drop-198.51.100.1", { deleting: true }), entry("firewall-drop-198.51.100.2", { payload: iptables }),
    entry("host-deny-198.51.100.3", { executable: "host-deny" }), entry("firewall-drop-#0123456789abcdef"),
  ]), [{ ip: "203.0.113.7", expiresAt: 600_000 }, { ip: "2001:db8::/64", expiresAt: 5 }, { ip: "#0123456789abcdef", expiresAt: 600_000 }]);
});

test("an in-process action acts on parameters.timeout = the granted timeout (escalated by repeated offenders; none for timeout 0)", async () => {
  const h = home("firewall-drop5 - firewall-drop - 5\nfirewall-drop0 - firewall-drop - 0\n", RECORDING_SCRIPT);
  const db = openDatabase(join(h.home, "queue", "execd.db"));
  const seen: (number | undefined)[] = [];
  const action = builtinAction<number | undefined>({
    name: "firewall-drop", target: (m) => m.parameters.timeout, keys: () => ["203.0.113.7"],
    add: async (timeout) => void seen.push(timeout), delete: async () => undefined,
  });
  const clock = new ManualClock();
  const execd = createExecd({
    home: h.home, clock, logger: silentLogger, db, allowlist: parseArConf("firewall-drop5 - firewall-drop - 5\nfirewall-drop0 - firewall-drop - 0\n").allowlist,
    repeatedOffendersMinutes: [2], actionFor: () => action, arLog: false,
  });
  try {
    await execd.start();
    const text = (name: string) => JSON.stringify(payload("203.0.113.7", name));
    assert.equal((await execd.execute(text("firewall-drop5"))).outcome, "done");
    clock.advance(5_000);
    await execd.settled();
    assert.equal((await execd.execute(text("firewall-drop5"))).outcome, "done");
    assert.equal((await execd.execute(text("firewall-drop5"))).outcome, "aborted", "a duplicate does not act");
    assert.equal((await execd.execute(text("firewall-drop0"))).outcome, "done");
    assert.deepEqual(seen, [5, 120, undefined]);
  } finally {
    await execd.stop();
    db.close();
    h.cleanup();
  }
});
