import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock, type Alert } from "../../core/mod.ts";
import { openDatabase } from "../../store/mod.ts";
import { resolveResponses, type ActiveResponseSpec, type ExecutionResult } from "../../response/mod.ts";
import { createResponder, type AgentInfo, type QueuedCommand, type ResponderConfig, type StoredDecision } from "./mod.ts";

function agentsOf(list: AgentInfo[]) {
  return { get: (id: string) => list.find((a) => a.id === id), list: () => list };
}

const AGENTS: AgentInfo[] = [
  { id: "000", name: "manager", status: "active", addresses: ["192.0.2.1"], groups: [] },
  { id: "001", name: "web01", status: "active", addresses: ["198.51.100.11"], groups: ["web"] },
  { id: "002", name: "web02", status: "disconnected", addresses: ["198.51.100.12"], groups: ["web"] },
  { id: "003", name: "db01", status: "active", addresses: ["198.51.100.13"], groups: ["db"] },
];

function alert(srcip: unknown, extra: Partial<Alert> & { data?: Record<string, unknown> } = {}): Alert {
  return {
    timestamp: "2026-01-01T00:00:00.000+0000", id: "1767225600.1",
    rule: { level: 10, description: "sshd: brute force", id: "5763", firedtimes: 1, mail: false, groups: ["syslog", "sshd", "authentication_failures"] },
    agent: { id: "001", name: "web01" }, manager: { name: "manager" }, location: "/var/log/auth.log",
    full_log: "Failed password for root from 203.0.113.5", ...extra, data: { srcip, ...(extra.data ?? {}) },
  };
}

function setup(blocks: ActiveResponseSpec[], config: Partial<ResponderConfig> = {}, agents = AGENTS) {
  const { definitions } = resolveResponses([
    { kind: "command", spec: { name: "firewall-drop", executable: "firewall-drop", timeoutAllowed: true } },
    { kind: "command", spec: { name: "disable-account", executable: "disable-account", timeoutAllowed: true } },
    ...blocks.map((spec) => ({ kind: "response" as const, spec })),
  ]);
  const clock = new ManualClock();
  const sent: [string, QueuedCommand][] = [];
  const seen: StoredDecision[] = [];
  const db = openDatabase(":memory:");
  const directory = agentsOf(agents.map((a) => ({ ...a })));
  const responder = createResponder({
    config: { definitions, managerAddresses: ["192.0.2.1"], whitelist: ["10.0.0.0/8", "2001:db8:aa::/48"], originName: "node01", ...config },
    clock, store: db, agents: directory,
    deliver: (agentId, c) => {
      if (directory.get(agentId)?.status !== "active" && agentId !== "000") return Promise.resolve(false);
      sent.push([agentId, c]);
      return Promise.resolve(true);
    },
    onDecision: (d) => seen.push(d),
  });
  return { responder, clock, sent, seen, db, directory };
}

const local = { command: "firewall-drop", location: "local", rulesId: ["5763"], timeout: 60 };

test("responder: the Wazuh documentation block sends the 4.2+ message to the event's agent", async () => {
  const s = setup([local]);
  const ds = s.responder.onAlert(alert("203.0.113.5"));
  await s.responder.idle();
  assert.deepEqual(ds.map((d) => [d.decision, d.agentId, d.name]), [["queued", "001", "firewall-drop60"]]);
  assert.equal(s.sent.length, 1);
  const m = JSON.parse(s.sent[0]?.[1].message ?? "");
  assert.deepEqual(Object.keys(m), ["version", "origin", "command", "parameters"]);
  assert.deepEqual(m.origin, { name: "node01", module: "wazuh-analysisd" });
  assert.equal(m.command, "firewall-drop60");
  assert.deepEqual(m.parameters.extra_args, []);
  assert.equal(m.parameters.alert.data.srcip, "203.0.113.5");
  assert.equal(s.responder.decisions()[0]?.decision, "delivered");
  const noIp = s.responder.onAlert({ ...alert("1.1.1.1"), data: { dstuser: "bob" } });
  assert.equal(noIp[0]?.decision, "queued", "Wazuh 4.2+: <expect> is ignored, responses go out without srcip (§1.6)");
  assert.deepEqual(s.responder.onAlert({ ...alert("203.0.113.5"), rule: { ...alert("1.1.1.1").rule, level: 0 } }), []);
  assert.deepEqual(s.responder.onAlert({ ...alert("203.0.113.5"), rule: { ...alert("1.1.1.1").rule, options: ["no_ar"] } }), []);
});

test("responder: whitelisted, self and loopback addresses lead to nothing", async () => {
  const s = setup([local]);
  const cases: [string, string][] = [["10.9.8.7", "whitelisted"], ["::ffff:10.1.1.1", "whitelisted"], ["2001:db8:aa::5", "whitelisted"], ["192.0.2.1", "self_protected"], ["198.51.100.11", "self_protected"], ["127.0.0.1", "self_protected"], ["::1", "self_protected"]];
  for (const [ip, want] of cases) assert.equal(s.responder.onAlert(alert(ip))[0]?.decision, want, ip);
  const win = s.responder.onAlert(alert(undefined, { data: { win: { eventdata: { ipAddress: "10.0.0.9" } } } }));
  assert.equal(win[0]?.decision, "whitelisted", "Windows ipAddress is checked too (§8.2(f))");
  await s.responder.idle();
  assert.equal(s.sent.length, 0);
  const acct = setup([{ command: "disable-account", location: "local", rulesId: ["5763"] }]);
  assert.equal(acct.responder.onAlert(alert("198.51.100.11", { data: { dstuser: "bob" } }))[0]?.decision, "queued", "a non-IP response is not self-guarded");
});

test("responder: hostile alerts are refused with a reason; a hostile dstuser is removed", async () => {
  const s = setup([local]);
  for (const ip of ["1.2.3.4; rm -rf /", "$(curl evil)", "1.2.3.4\n5.6.7.8", "x".repeat(10_240), 42]) {
    const [d] = s.responder.onAlert(alert(ip));
    assert.deepEqual([d?.decision, d?.code], ["invalid", "AR_INVALID_IP"]);
  }
  const [d] = s.responder.onAlert(alert("203.0.113.6", { data: { dstuser: "root`reboot`" } }));
  assert.equal(d?.decision, "queued");
  await s.responder.idle();
  assert.equal(s.sent.length, 1);
  assert.equal(JSON.parse(s.sent[0]?.[1].message ?? "").parameters.alert.data.dstuser, undefined);
  const big = s.responder.onAlert(alert("203.0.113.7", { full_log: "A".repeat(80_000) }));
  assert.equal(big[0]?.decision, "queued");
  await s.responder.idle();
  assert.ok((s.sent[1]?.[1].message.length ?? 0) < 65_536);
});

test("responder: routing — defined-agent list and groups, all with and without the manager, server", async () => {
  const s = setup([
    { command: "firewall-drop", location: "defined-agent", agentIds: ["3", "009"], agentGroups: ["web"], rulesId: ["5763"] },
    { command: "firewall-drop", location: "all", rulesId: ["5763"] },
    { command: "firewall-drop", location: "all", rulesId: ["5763"], includeManager: true },
    { command: "firewall-drop", location: "server", rulesId: ["5763"] },
  ]);
  const ds = s.responder.onAlert(alert("203.0.113.8"));
  assert.deepEqual(ds.map((d) => `${d.decision}:${d.agentId}`), [
    "unknown_agent:009", "queued:003", "queued:001", "queued:002",
    "queued:001", "queued:003",
    "queued:000", "queued:001", "queued:003",
    "queued:000",
  ]);
});

test("responder: an offline agent gets its response when it reconnects; an expired one is dropped and recorded", async () => {
  const s = setup([{ command: "firewall-drop", location: "defined-agent", agentIds: ["002"], rulesId: ["5763"], timeout: 60 }]);
  s.responder.onAlert(alert("203.0.113.20"));
  await s.responder.idle();
  assert.equal(s.responder.pending("002").length, 1);
  s.clock.advance(30_000);
  (s.directory.get("002") as { status: string }).status = "active";
  await s.responder.onAgentConnected("002");
  assert.equal(s.sent.length, 1);
  assert.equal(s.responder.pending("002").length, 0);
  (s.directory.get("002") as { status: string }).status = "disconnected";
  s.responder.onAlert(alert("203.0.113.21"));
  s.responder.start();
  s.clock.advance(60_000);
  assert.equal(s.responder.pending("002").length, 0);
  (s.directory.get("002") as { status: string }).status = "active";
  await s.responder.onAgentConnected("002");
  assert.equal(s.sent.length, 1, "the expired response is not delivered");
  assert.deepEqual(s.responder.decisions({ agentId: "002" }).map((d) => [d.decision, d.srcip]), [["expired", "203.0.113.21"], ["delivered", "203.0.113.20"]]);
  await s.responder.stop();
});

test("responder: dry-run records and reports the decision, nothing is queued", async () => {
  const s = setup([{ ...local, dryRun: true }]);
  const [d] = s.responder.onAlert(alert("203.0.113.30"));
  assert.deepEqual([d?.decision, d?.dryRun, s.seen.length], ["dry_run", true, 1]);
  await s.responder.idle();
  assert.equal(s.sent.length, 0);
  assert.equal(s.responder.pending("001").length, 0);
});

test("responder: results are recorded and keep the per-agent active list", async () => {
  const s = setup([local], { sweepIntervalMs: 3_600_000 });
  const add: ExecutionResult = { command: "add", name: "firewall-drop60", key: "firewall-drop-203.0.113.5", outcome: "done", exitCode: 0, durationMs: 4, origin: "rule", at: s.clock.now(), timeoutSec: 60, expiresAt: s.clock.now() + 60_000, target: "203.0.113.5", ruleId: "5763" };
  s.responder.onResult("001", add);
  assert.deepEqual(s.responder.active("001").map((a) => [a.key, a.target, a.expiresAt - s.clock.now()]), [["firewall-drop-203.0.113.5", "203.0.113.5", 60_000]]);
  s.responder.onResult("001", { ...add, command: "delete", trigger: "timeout", expiresAt: undefined } as ExecutionResult);
  assert.deepEqual(s.responder.active(), []);
  assert.deepEqual(s.responder.results("001").map((r) => [r.command, r.outcome, r.timeoutSec]), [["delete", "done", 60], ["add", "done", 60]]);
  s.responder.start();
  s.clock.advance(91 * 86_400_000);
  assert.deepEqual(s.responder.results("001"), [], "history older than 90 days is pruned");
  await s.responder.stop();
});

test("responder: manual requests check the name, the IP and the agents", async () => {
  const s = setup([local]);
  const ok = s.responder.run({ name: "firewall-drop60", agents: ["001", "003"], srcip: "203.0.113.40", origin: "manual" });
  assert.deepEqual(ok.map((d) => d.decision), ["queued", "queued"]);
  await s.responder.idle();
  assert.deepEqual(JSON.parse(s.sent[0]?.[1].message ?? "").origin, { name: "", module: "" });
  assert.equal(s.responder.run({ name: "firewall-drop", agents: ["001"], srcip: "1.2.3.4", origin: "manual" })[0]?.code, "DISPATCH_UNKNOWN_RESPONSE");
  assert.equal(s.responder.run({ name: "firewall-drop60", agents: ["001"], srcip: "1.2.3.4;id", origin: "api" })[0]?.code, "AR_INVALID_IP");
  assert.equal(s.responder.run({ name: "firewall-drop60", agents: ["077"], srcip: "1.2.3.4", origin: "api" })[0]?.code, "DISPATCH_UNKNOWN_AGENT");
  assert.equal(s.responder.run({ name: "firewall-drop60", agents: ["001"], srcip: "198.51.100.11", origin: "api" })[0]?.decision, "self_protected");
  assert.equal(s.responder.run({ name: "!custom.sh", agents: "all", origin: "api" }).length, 3);
});
