// The two composition helpers the daemons wire (createManagerActiveResponse and
// createAgentActiveResponse) over a real ossec.conf parsed by src/config, with the channel
// replaced by direct calls: ar.conf generated and pushed at connection, an alert blocked on
// the agent, the result recorded on the manager, the timeout delete reported unsolicited.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock, silentLogger, type Alert } from "../src/core/mod.ts";
import { readXml } from "../src/xml/mod.ts";
import { parseConfig } from "../src/config/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { createAgentActiveResponse } from "../src/agent/execd/mod.ts";
import { createManagerActiveResponse } from "../src/manager/dispatch/mod.ts";
import { createArHome, RECORDING_SCRIPT } from "./harness/ar_home.ts";

const MANAGER_CONF = `<ossec_config>
  <global><jsonout_output>yes</jsonout_output><white_list>127.0.0.1</white_list><white_list>2001:db8::/32</white_list></global>
  <cluster><node_name>node01</node_name></cluster>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5763</rules_id><timeout>10</timeout></active-response>
  <active-response><command>firewall-drop</command><location>all</location><rules_id>5763</rules_id><timeout>60</timeout><dry_run>yes</dry_run></active-response>
</ossec_config>`;

function alert(srcip: string): Alert {
  return {
    timestamp: "2026-01-01T00:00:00.000+0000", id: "1767225600.7",
    rule: { level: 10, description: "sshd brute force", id: "5763", firedtimes: 1, mail: false, groups: ["syslog", "sshd"] },
    agent: { id: "001", name: "web01" }, manager: { name: "m" }, location: "/var/log/auth.log", data: { srcip },
  };
}

test("manager and agent active-response services: ar.conf push, block, result, timeout delete reported", async () => {
  const managerHome = createArHome("riposte-mgr-");
  const agentHome = createArHome("riposte-agt-");
  const clock = new ManualClock();
  const db = openDatabase(":memory:");
  try {
    const parsed = parseConfig([readXml(MANAGER_CONF, "/cfg/ossec.conf", { dialect: "config" })], { role: "manager" });
    assert.ok(parsed.config, JSON.stringify(parsed.diagnostics));
    agentHome.script("firewall-drop", RECORDING_SCRIPT);
    const registry = [{ id: "001", name: "web01", ip: "198.51.100.11", groups: [], status: "active" }];
    const link: { manager?: ReturnType<typeof createManagerActiveResponse> } = {};
    const agent = createAgentActiveResponse({
      home: agentHome.home, clock, logger: silentLogger, execd: { disabled: false, repeatedOffendersMinutes: [] },
      report: (answer) => link.manager?.onArResult("001", answer),
    });
    const handlers = new Map<string, (args: unknown) => unknown>();
    const manager = createManagerActiveResponse({
      config: parsed.config, home: managerHome.home, clock, logger: silentLogger, db, managerAddresses: ["192.0.2.1"],
      registry: { get: (id) => registry.find((r) => r.id === id), list: () => registry },
      sendAr: (agentId, m) => {
        assert.equal(agentId, "001");
        agent.onAr(m, (answer) => manager.onArResult(agentId, answer));
        return Promise.resolve(true);
      },
      control: { register: (cmd, fn) => void handlers.set(cmd, fn) },
    });
    link.manager = manager;
    manager.start();
    await agent.start();
    assert.equal(readFileSync(join(managerHome.home, "etc", "shared", "ar.conf"), "utf8").split("\n")[6], "firewall-drop10 - firewall-drop - 10");

    await manager.onAgentConnected("001");
    assert.equal(readFileSync(join(agentHome.home, "etc", "shared", "ar.conf"), "utf8"), manager.arConf);
    manager.onAlert(alert("203.0.113.5"));
    manager.onAlert(alert("2001:db8::5"));
    await manager.responder.idle();
    await agent.execd?.settled();
    assert.deepEqual(agentHome.records(), ["IN add 203.0.113.5 ", "REPLY continue 203.0.113.5", "ADD 203.0.113.5"]);
    assert.deepEqual(manager.responder.active("001").map((a) => a.key), ["firewall-drop-203.0.113.5"]);
    const logged = readFileSync(join(agentHome.home, "logs", "active-responses.log"), "utf8").split("\n")[1] ?? "";
    assert.equal(JSON.parse(logged.replace(/^[^{]*/, "")).origin.name, "node01", "origin.name is <cluster><node_name>");
    assert.deepEqual((handlers.get("ar.active")?.({}) as { key: string }[]).map((a) => a.key), ["firewall-drop-203.0.113.5"]);

    clock.advance(10_000);
    await agent.execd?.settled();
    assert.equal(agentHome.isBlocked("203.0.113.5"), false);
    assert.deepEqual(manager.responder.active(), [], "the unsolicited delete result cleared the manager's active list");
    assert.deepEqual(manager.responder.results("001").map((r) => [r.command, r.trigger ?? ""]), [["delete", "timeout"], ["add", ""]]);
    assert.deepEqual(manager.responder.decisions({ limit: 2 }).map((d) => d.decision), ["whitelisted", "whitelisted"]);

    const reloaded = parseConfig([readXml(MANAGER_CONF.replace("<timeout>10</timeout>", "<timeout>30</timeout>"), "/cfg/ossec.conf", { dialect: "config" })], { role: "manager" });
    assert.ok(reloaded.config);
    await manager.reload(reloaded.config);
    assert.match(readFileSync(join(agentHome.home, "etc", "shared", "ar.conf"), "utf8"), /^firewall-drop30 - firewall-drop - 30$/m, "pushed to the online agent");
    manager.onAlert(alert("203.0.113.31"));
    await manager.responder.idle();
    await agent.execd?.settled();
    assert.deepEqual(manager.responder.active("001").map((a) => [a.name, a.expiresAt - clock.now()]), [["firewall-drop30", 30_000]]);
    assert.deepEqual(manager.responder.decisions({ agentId: "001" }).map((d) => [d.name, d.decision]), [["firewall-drop60", "dry_run"], ["firewall-drop30", "delivered"], ["firewall-drop60", "dry_run"], ["firewall-drop10", "delivered"]]);
    await agent.stop();
    await manager.stop();
    const dry = readFileSync(join(managerHome.home, "logs", "active-responses.log"), "utf8").trim().split("\n");
    assert.equal(dry.length, 2, "one dry-run line per non-whitelisted alert");
    assert.match(dry[0] ?? "", /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d active-response\/bin\/firewall-drop: \{"version":1,"origin":\{"name":"node01","module":"riposte-dispatch"\},"command":"dry-run",/);
    assert.match(dry[0] ?? "", /"program":"active-response\/bin\/firewall-drop","agent":"001"\}\}$/);
  } finally {
    db.close();
    managerHome.cleanup();
    agentHome.cleanup();
  }
});
