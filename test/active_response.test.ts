// The active-response chain in one process: manager responder → (delivery) → agent execd →
// a real spawned recording script standing in for firewall-drop, with Wazuh's documentation
// configuration (firewall-drop, location local, rules_id 5763, a short timeout) and a
// ManualClock driving the timeout. Results flow back to the responder's history.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ManualClock, silentLogger, type Alert } from "../src/core/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { encodeResult, generateArConf, parseArConf, resolveResponses } from "../src/response/mod.ts";
import { createArCommandHandler, createExecd, resultId } from "../src/agent/execd/mod.ts";
import { agentDirectoryFrom, createResponder, registerArCommands, resultFromWire, wireDeliver, type AgentInfo } from "../src/manager/dispatch/mod.ts";
import { createArHome, RECORDING_SCRIPT } from "./harness/ar_home.ts";

const AGENTS: AgentInfo[] = [
  { id: "000", name: "manager", status: "active", addresses: ["192.0.2.1"], groups: [] },
  { id: "001", name: "web01", status: "active", addresses: ["198.51.100.11"], groups: [] },
];

function bruteForce(srcip: string, n: number): Alert {
  return {
    timestamp: "2026-01-01T00:00:00.000+0000", id: `1767225600.${n}`,
    rule: { level: 10, description: "sshd: brute force trying to get access to the system. Non existent user.", id: "5763", firedtimes: n, mail: false, groups: ["syslog", "sshd", "authentication_failures"] },
    agent: { id: "001", name: "web01" }, manager: { name: "manager" }, location: "/var/log/auth.log",
    full_log: `Jan  1 00:00:00 web01 sshd[1]: Failed password for invalid user admin from ${srcip} port 4242 ssh2`,
    data: { srcip, srcuser: "admin" },
  };
}

test("active response end to end: add with check_keys and continue, repeat aborts, timeout deletes with the same alert, whitelist and self give nothing", async () => {
  const h = createArHome();
  const clock = new ManualClock();
  const managerDb = openDatabase(":memory:");
  const agentDb = openDatabase(join(h.home, "queue", "execd.db"));
  try {
    const { definitions } = resolveResponses([
      { kind: "command", spec: { name: "firewall-drop", executable: "firewall-drop", timeoutAllowed: true } },
      { kind: "response", spec: { command: "firewall-drop", location: "local", rulesId: ["5763"], timeout: 10 } },
    ]);
    h.script("firewall-drop", RECORDING_SCRIPT);
    const link: { responder?: ReturnType<typeof createResponder> } = {};
    const execd = createExecd({
      home: h.home, clock, logger: silentLogger, db: agentDb, allowlist: parseArConf(generateArConf(definitions)).allowlist,
      onResult: (r) => link.responder?.onResult("001", r),
    });
    await execd.start();
    const responder = createResponder({
      config: { definitions, whitelist: ["203.0.113.128/25"], managerAddresses: ["192.0.2.1"], originName: "node01" },
      clock, store: managerDb, agents: { get: (id) => AGENTS.find((a) => a.id === id), list: () => AGENTS },
      deliver: async (agentId, command) => {
        assert.equal(agentId, "001");
        await execd.execute(command.message, { commandId: command.id });
        return true;
      },
    });
    link.responder = responder;

    responder.onAlert(bruteForce("203.0.113.5", 1));
    await responder.idle();
    await execd.settled();
    assert.deepEqual(h.records(), ["IN add 203.0.113.5 ", "REPLY continue 203.0.113.5", "ADD 203.0.113.5"]);
    assert.deepEqual(responder.active("001").map((a) => [a.key, a.name]), [["firewall-drop-203.0.113.5", "firewall-drop10"]]);

    clock.advance(4_000);
    responder.onAlert(bruteForce("203.0.113.5", 2));
    await responder.idle();
    await execd.settled();
    assert.deepEqual(h.records().slice(3), ["IN add 203.0.113.5 ", "REPLY abort 203.0.113.5"]);

    clock.advance(10_000);
    await execd.settled();
    assert.deepEqual(h.records().slice(5), ["IN delete 203.0.113.5 ", "DELETE 203.0.113.5"]);
    assert.equal(h.isBlocked("203.0.113.5"), false);
    assert.deepEqual(responder.active(), []);
    assert.deepEqual(responder.results("001").map((r) => [r.command, r.outcome, r.trigger ?? ""]), [["delete", "done", "timeout"], ["add", "aborted", ""], ["add", "done", ""]]);

    for (const ip of ["203.0.113.200", "192.0.2.1", "198.51.100.11", "127.0.0.1"]) responder.onAlert(bruteForce(ip, 3));
    await responder.idle();
    await execd.settled();
    assert.equal(h.records().length, 7, "whitelisted and self addresses run nothing");
    assert.deepEqual(responder.decisions({ limit: 4 }).map((d) => d.decision), ["self_protected", "self_protected", "self_protected", "whitelisted"]);
    await execd.stop();
    await responder.stop();
  } finally {
    agentDb.close();
    managerDb.close();
    h.cleanup();
  }
});

test("active response over the wire adapters: expiry at the agent, results back, control -L/-b/--active/--lift", async () => {
  const h = createArHome();
  const clock = new ManualClock();
  const managerDb = openDatabase(":memory:");
  const agentDb = openDatabase(join(h.home, "queue", "execd.db"));
  try {
    const { definitions } = resolveResponses([
      { kind: "command", spec: { name: "firewall-drop", executable: "firewall-drop", timeoutAllowed: true } },
      { kind: "response", spec: { command: "firewall-drop", location: "local", rulesId: ["5763"], timeout: 600 } },
    ]);
    h.script("firewall-drop", RECORDING_SCRIPT);
    const allowlist = parseArConf(generateArConf(definitions)).allowlist;
    const link: { responder?: ReturnType<typeof createResponder> } = {};
    const toManager = (answer: { id: string; outcome: string; detail?: string }) => {
      const r = resultFromWire(answer, clock.now());
      if (r) link.responder?.onResult("001", r);
    };
    let seq = 0;
    const execd = createExecd({
      home: h.home, clock, logger: silentLogger, db: agentDb, allowlist,
      onResult: (r) => { if (!r.commandId) toManager({ id: resultId(r, seq++), ...encodeResult(r) }); },
    });
    await execd.start();
    const handler = createArCommandHandler(execd, clock, silentLogger);
    const delivered: string[] = [];
    const registry = [
      { id: "000", name: "mgr", ip: "192.0.2.1", groups: [], status: "active" },
      { id: "001", name: "web01", ip: "198.51.100.11", groups: ["web"], status: "active" },
      { id: "002", name: "gone", ip: "any", groups: [], status: "revoked" },
    ];
    const responder = createResponder({
      config: { definitions, managerAddresses: ["192.0.2.1"] }, clock, store: managerDb,
      agents: agentDirectoryFrom({ get: (id) => registry.find((r) => r.id === id), list: () => registry }),
      deliver: wireDeliver((agentId, m) => {
        delivered.push(`${agentId}:${String(m.payload.command)}`);
        handler(m, toManager);
        return Promise.resolve(true);
      }),
    });
    link.responder = responder;
    const handlers = new Map<string, (args: unknown) => unknown>();
    registerArCommands({ register: (cmd, fn) => void handlers.set(cmd, fn) }, { responder, allowlist: () => allowlist, clock });
    const call = (cmd: string, args: unknown) => handlers.get(cmd)?.(args);

    assert.deepEqual(call("ar.names", {}), [{ name: "firewall-drop600", executable: "firewall-drop", timeoutSec: 600 }]);
    assert.deepEqual(call("ar.run", { name: "firewall-drop600", ip: "203.0.113.50", agents: ["001"] }), [{ agent: "001", decision: "queued", code: null, reason: null }]);
    assert.throws(() => call("ar.run", { name: "firewall-drop600", ip: "203.0.113.50", agents: ["../x"] }), /agents must be/);
    assert.deepEqual(call("ar.run", { name: "firewall-drop600", ip: "1.2.3.4", agents: ["002"] }), [{ agent: null, decision: "refused", code: "DISPATCH_UNKNOWN_AGENT", reason: "unknown agent 002" }]);
    await responder.idle();
    await execd.settled();
    const active = call("ar.active", { agent: "001" }) as { key: string; timeLeftMs: number; origin: string }[];
    assert.deepEqual(active.map((a) => [a.key, a.timeLeftMs, a.origin]), [["firewall-drop-203.0.113.50", 600_000, "manual"]]);
    assert.equal(h.isBlocked("203.0.113.50"), true);

    assert.deepEqual(call("ar.lift", { key: "firewall-drop-203.0.113.50" }), [{ agent: "001", decision: "queued", code: null, reason: "lift firewall-drop-203.0.113.50" }]);
    await responder.idle();
    await execd.settled();
    assert.equal(h.isBlocked("203.0.113.50"), false);
    assert.deepEqual(call("ar.active", {}), []);
    assert.throws(() => call("ar.lift", { key: "firewall-drop-203.0.113.50" }), /No active response/);
    assert.deepEqual(delivered, ["001:firewall-drop600", "001:!:lift"]);

    const expired = new Promise<{ outcome: string }>((resolve) => handler({ id: "old", payload: {}, expiresAt: clock.now() - 1 }, resolve));
    assert.equal((await expired).outcome, "expired");
    await execd.stop();
    await responder.stop();
  } finally {
    agentDb.close();
    managerDb.close();
    h.cleanup();
  }
});
