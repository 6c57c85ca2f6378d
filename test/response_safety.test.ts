// Response safety end to end, in-process (the manager's active-response composition,
// createManagerActiveResponse, with its responder, control commands and active-responses.log;
// agents are not started: decisions are what is checked):
// - a flood of 10,000 attacker addresses trips the circuit breaker at its limit: exactly
//   `limit` responses are queued, the rest become dry-runs, control shows and resets it, it
//   closes after the quiet period, and the lines it writes make rules 661/662/663 fire;
// - a brute force from the manager's own address (through the engine) is never blocked, the
//   skip is recorded and makes rule 664 fire; a manual request needs --force to pass.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DiagnosticBag, ManualClock, silentLogger, type Alert } from "../src/core/mod.ts";
import { loadConfigFiles, type Config } from "../src/config/mod.ts";
import { createEngine, loadRuleset, rulesetSourceOfDir } from "../src/ruleset/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { createManagerActiveResponse, type StoredDecision } from "../src/manager/dispatch/mod.ts";
import { bindRule, definitionsFromConfig } from "../src/response/mod.ts";

const MANAGER = "192.0.2.1";
const LIMIT = 100;
const CONF = `<ossec_config>
  <global>
    <protected_networks>192.0.2.128/25</protected_networks>
    <ar_max_per_window>${LIMIT}</ar_max_per_window><ar_breaker_window>60</ar_breaker_window><ar_breaker_quiet>300</ar_breaker_quiet>
  </global>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5763</rules_id><timeout>600</timeout></active-response>
</ossec_config>
`;

const ruleset = (() => {
  const bag = new DiagnosticBag();
  const source = rulesetSourceOfDir(resolve(import.meta.dirname, "..", "ruleset"), bag);
  assert.ok(source);
  return loadRuleset(source);
})();

async function setup() {
  const home = mkdtempSync(join(tmpdir(), "riposte-safety-"));
  writeFileSync(join(home, "ossec.conf"), CONF);
  const { config } = await loadConfigFiles([join(home, "ossec.conf")], { role: "manager" });
  assert.ok(config);
  const clock = new ManualClock(Date.UTC(2026, 10, 29, 10, 0, 0));
  const handlers = new Map<string, (args: unknown) => unknown>();
  const decisions: StoredDecision[] = [];
  const agents = [{ id: "000", name: "bastion", ip: "127.0.0.1", groups: [], status: "active" }];
  const ar = createManagerActiveResponse({
    config: config as Config, home, clock, logger: silentLogger, db: openDatabase(":memory:"),
    registry: { get: (id) => agents.find((a) => a.id === id), list: () => agents },
    sendAr: () => Promise.resolve(true), managerAddresses: [MANAGER], connectPollMs: 0,
    control: { register: (cmd, h) => void handlers.set(cmd, h) }, onDecision: (d) => decisions.push(d),
  });
  ar.start();
  const control = (cmd: string, args: unknown = {}) => (handlers.get(cmd) as (a: unknown) => unknown)(args);
  const arLog = () => readFileSync(join(home, "logs", "active-responses.log"), "utf8").split("\n").filter((l) => l !== "");
  return { ar, clock, decisions, control, arLog };
}

function alertFrom(ip: string, n: number): Alert {
  return {
    timestamp: "2026-11-29T10:00:00.000+0000", id: `1795946400.${n}`, location: "/var/log/auth.log",
    rule: { level: 10, description: "sshd: brute force", id: "5763", firedtimes: 1, mail: false, groups: ["syslog", "sshd", "authentication_failures"] },
    agent: { id: "000", name: "bastion" }, manager: { name: "bastion" }, data: { srcip: ip, dstuser: "root" },
  };
}

/** The rule ids the engine gives the lines of active-responses.log. */
function rulesOf(lines: readonly string[]): Map<string, number> {
  const engine = createEngine(ruleset, { clock: new ManualClock(Date.UTC(2026, 10, 29, 10)), managerName: "bastion" });
  const count = new Map<string, number>();
  for (const log of lines) {
    const r = engine.analyze({ agentId: "000", agentName: "bastion", location: "/var/ossec/logs/active-responses.log", log, queue: "1", receivedAt: Date.UTC(2026, 10, 29, 10) });
    if (r.alert) count.set(r.alert.rule.id, (count.get(r.alert.rule.id) ?? 0) + 1);
  }
  return count;
}

test("breaker: a flood of 10,000 attacker addresses queues exactly the limit, the rest become dry-runs and alert", async () => {
  const s = await setup();
  for (let i = 0; i < 10_000; i++) {
    s.ar.onAlert(alertFrom(`198.18.${i >> 8}.${i & 255}`, i));
    s.clock.advance(1);
  }
  const queued = s.decisions.filter((d) => d.decision === "queued");
  const suppressed = s.decisions.filter((d) => d.decision === "dry_run" && d.code === "AR_BREAKER_OPEN");
  assert.equal(queued.length, LIMIT);
  assert.equal(suppressed.length, 10_000 - LIMIT);
  assert.equal(suppressed[0]?.srcip, `198.18.0.${LIMIT}`, "the response past the limit is the first dry-run");
  const state = s.control("ar.breaker") as { open: boolean; scopes: { scope: string; open: boolean; suppressed: number; inWindow: number }[] };
  assert.deepEqual(state.scopes.map((x) => [x.scope, x.open, x.suppressed, x.inWindow]), [["*", true, 10_000 - LIMIT, LIMIT]]);
  assert.deepEqual((s.control("ar.breaker_reset") as { closed: string[] }).closed, ["*"]);
  s.ar.onAlert(alertFrom("203.0.113.99", 10_001));
  assert.equal(s.decisions.at(-1)?.decision, "queued", "after a reset responses run again");
  await s.ar.stop();
  const lines = s.arLog();
  const rules = rulesOf(lines);
  assert.equal(rules.get("662"), 1, "breaker opened");
  assert.equal(rules.get("663"), 1, "breaker closed (reset)");
  assert.equal(rules.get("661"), 10_000 - LIMIT, "every breaker dry-run alerts");
});

test("breaker: closes by itself after the quiet period", async () => {
  const s = await setup();
  for (let i = 0; i <= LIMIT; i++) s.ar.onAlert(alertFrom(`198.18.1.${i}`, i));
  assert.equal(s.ar.responder.breakerState()?.open, true);
  s.clock.advance(299_000);
  assert.equal(s.ar.responder.breakerState()?.open, true);
  s.clock.advance(1_000);
  assert.equal(s.ar.responder.breakerState()?.open, false);
  s.ar.onAlert(alertFrom("203.0.113.5", 1_000));
  assert.equal(s.decisions.at(-1)?.decision, "queued");
  await s.ar.stop();
});

test("guard: a brute force from the manager's own address is never blocked; the skip is recorded and alerts (rule 664)", async () => {
  const s = await setup();
  const engine = createEngine(ruleset, { clock: s.clock, managerName: "bastion", timeSource: "event" });
  const two = (n: number) => String(n).padStart(2, "0");
  for (const [j, ip] of [MANAGER, "192.0.2.200", "127.0.0.1", "::1"].entries()) {
    for (let i = 0; i < 30; i++) {
      const log = `Nov 29 10:${two(j * 5 + Math.floor(i / 20))}:${two((i * 3) % 60)} bastion sshd[900]: Failed password for root from ${ip} port ${40000 + i} ssh2`;
      const r = engine.analyze({ agentId: "000", agentName: "bastion", location: "/var/log/auth.log", log, queue: "1", receivedAt: s.clock.now() });
      if (r.alert) s.ar.onAlert(r.alert);
    }
  }
  assert.ok(s.decisions.length >= 4, `the brute forces were detected (${s.decisions.length} decisions)`);
  assert.deepEqual([...new Set(s.decisions.map((d) => d.decision))], ["self_protected"]);
  assert.ok(s.decisions.some((d) => d.srcip === MANAGER && /address of the manager/.test(d.reason ?? "")));
  assert.ok(s.decisions.some((d) => d.srcip === "192.0.2.200" && /protected network/.test(d.reason ?? "")));
  assert.deepEqual(s.ar.responder.active(), []);
  const refused = s.control("ar.run", { name: "firewall-drop600", ip: MANAGER, agents: ["000"] }) as { decision: string }[];
  assert.deepEqual(refused.map((d) => d.decision), ["self_protected"]);
  const forced = s.control("ar.run", { name: "firewall-drop600", ip: MANAGER, agents: ["000"], force: true }) as { decision: string; code: string }[];
  assert.deepEqual(forced.map((d) => [d.decision, d.code]), [["queued", "AR_GUARD_FORCED"]]);
  const history = s.ar.responder.decisions({ limit: 1000 });
  assert.ok(history.filter((d) => d.decision === "self_protected").length >= 5, "visible in the response history");
  await s.ar.stop();
  const rules = rulesOf(s.arLog());
  assert.equal(rules.get("664"), s.decisions.filter((d) => d.decision === "self_protected").length);
});

test("safety alerts never trigger a response themselves (no_ar): no loop on a level-bound response", () => {
  const engine = createEngine(ruleset, { clock: new ManualClock(Date.UTC(2026, 10, 29, 10)), managerName: "bastion" });
  const line = '2026/11/29 10:15:02 active-response/bin/firewall-drop: {"version":1,"origin":{"name":"n","module":"riposte-dispatch"},"command":"self-protected","parameters":{"alert":{"data":{"srcip":"192.0.2.1"}},"program":"active-response/bin/firewall-drop","reason":"x"}}';
  const r = engine.analyze({ agentId: "000", agentName: "bastion", location: "active-responses.log", log: line, queue: "1", receivedAt: Date.UTC(2026, 10, 29, 10) });
  assert.equal(r.alert?.rule.id, "664");
  const [def] = definitionsFromConfig({
    commands: [{ name: "firewall-drop", executable: "firewall-drop", extraArgs: [] }],
    activeResponses: [{ name: "firewall-drop0", command: "firewall-drop", executable: "firewall-drop", location: "local", agentIds: [], agentGroups: [], rulesId: [], level: 1, timeoutSeconds: 0, disabled: false, dryRun: false }],
  });
  assert.ok(def && r.alert);
  assert.deepEqual(bindRule(r.alert.rule, [def]), []);
});
