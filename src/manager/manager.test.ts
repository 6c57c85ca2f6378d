import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createManager, controlRequest, type Manager } from "./mod.ts";
import { createAgent, enrollAgent, type Agent } from "../agent/mod.ts";
import { configFromXml, managerConfigXml, agentConfigXml } from "../../test/harness/test_config.ts";
import { createRecordingAnalyzer } from "../../test/harness/recording_analyzer.ts";
import { waitFor } from "../../test/harness/wait_for.ts";

interface World {
  dir: string;
  manager: Manager;
  analyzer: ReturnType<typeof createRecordingAnalyzer>;
  agents: Agent[];
}

async function withWorld(fn: (w: World) => Promise<void>, options: { usePassword?: boolean } = {}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "riposte-mgr-"));
  const analyzer = createRecordingAnalyzer();
  const manager = createManager(configFromXml(managerConfigXml(options), "manager"), { home: join(dir, "mgr"), buildAnalyzer: () => analyzer, localAgentName: "mgr-host" });
  const w: World = { dir, manager, analyzer, agents: [] };
  try {
    await manager.start();
    await fn(w);
  } finally {
    for (const a of w.agents) await a.stop();
    await manager.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function addAgent(w: World, name: string, logFile: string, realtimeDir?: string): Promise<Agent> {
  const home = join(w.dir, name);
  await enrollAgent({ home, host: "127.0.0.1", port: w.manager.ports()["auth"] ?? 0, name, groups: ["web"] });
  const xml = agentConfigXml(w.manager.ports()["remote"] ?? 0, [logFile], realtimeDir === undefined ? {} : { realtimeDir });
  const agent = createAgent(configFromXml(xml, "agent"), { home, backoff: { initialMs: 50, maxMs: 200 } });
  w.agents.push(agent);
  await agent.start();
  return agent;
}

test("manager: two enrolled agents' lines reach analysis once each, with Wazuh locations, and land in alerts.json", () => withWorld(async (w) => {
  const logs = [join(w.dir, "a.log"), join(w.dir, "b.log")];
  for (const f of logs) writeFileSync(f, "");
  await addAgent(w, "web-01", logs[0] as string);
  await addAgent(w, "db-01", logs[1] as string);
  for (let i = 0; i < 50; i++) {
    appendFileSync(logs[0] as string, `web line ${i}\n`);
    appendFileSync(logs[1] as string, `db line ${i}\n`);
  }
  await waitFor("100 events analysed", () => w.analyzer.events.length >= 100);
  await waitFor("alerts.json flushed", () => readFileSync(join(w.dir, "mgr", "logs", "alerts", "alerts.json"), "utf8").split("\n").length > 100);
  const web = w.analyzer.events.filter((e) => e.agentName === "web-01");
  assert.equal(web.length, 50);
  assert.deepEqual(web.map((e) => e.log), Array.from({ length: 50 }, (_, i) => `web line ${i}`));
  assert.equal(web[0]?.agentId, "001");
  assert.equal(web[0]?.location, `[001] (web-01) 127.0.0.1->${logs[0]}`);
  const lines = readFileSync(join(w.dir, "mgr", "logs", "alerts", "alerts.json"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { agent: { id: string }; location: string });
  assert.equal(lines.length, 100);
  assert.equal(lines.filter((l) => l.agent.id === "002").length, 50);
  assert.equal(w.manager.alerts().query({ agentId: "002", limit: 1000 }).length, 50);
  const list = await controlRequest(w.manager.paths.controlSocket, "agents.list");
  assert.equal(list.ok, true);
  const agents = list.data as { id: string; name: string; status: string }[];
  assert.deepEqual(agents.map((a) => [a.id, a.name, a.status]), [["000", "mgr-host", "active"], ["001", "web-01", "active"], ["002", "db-01", "active"]]);
}));

test("manager security: a revoked agent is cut at once and refused on reconnect", () => withWorld(async (w) => {
  const log = join(w.dir, "a.log");
  writeFileSync(log, "");
  const agent = await addAgent(w, "web-01", log);
  await waitFor("agent connected", () => agent.stats().client.connected);
  const r = await controlRequest(w.manager.paths.controlSocket, "agents.remove", { id: "001" });
  assert.deepEqual(r, { ok: true, data: { id: "001", status: "revoked" } });
  await waitFor("agent cut", () => !agent.stats().client.connected);
  appendFileSync(log, "after revocation\n");
  await new Promise((res) => setTimeout(res, 500));
  assert.equal(agent.stats().client.connected, false);
  assert.equal(w.analyzer.events.filter((e) => e.log === "after revocation").length, 0);
  assert.ok((w.manager.stats().counters["AGENT_REVOKED"] ?? 0) >= 1);
}));

test("manager: enrollment with use_password refuses a wrong password and accepts the right one", () => withWorld(async (w) => {
  const port = w.manager.ports()["auth"] ?? 0;
  await assert.rejects(enrollAgent({ home: join(w.dir, "x"), host: "127.0.0.1", port, name: "x", groups: [], password: "" }), /ENROLL_BAD_PASSWORD/, "no authd.pass: every attempt is refused");
  writeFileSync(join(w.dir, "mgr", "etc", "authd.pass"), "s3cret\n");
  await assert.rejects(enrollAgent({ home: join(w.dir, "x"), host: "127.0.0.1", port, name: "x", groups: [], password: "wrong" }), /ENROLL_BAD_PASSWORD/);
  await assert.rejects(enrollAgent({ home: join(w.dir, "x"), host: "127.0.0.1", port, name: "x", groups: [] }), /ENROLL_BAD_PASSWORD/);
  const id = await enrollAgent({ home: join(w.dir, "x"), host: "127.0.0.1", port, name: "x", groups: [], password: "s3cret" });
  assert.equal(id.agentId, "001");
  assert.equal(id.managerFingerprint, w.manager.serverFingerprint());
  await assert.rejects(enrollAgent({ home: join(w.dir, "y"), host: "127.0.0.1", port, name: "x", groups: [], password: "s3cret" }), /ENROLL_DUPLICATE_NAME/);
}, { usePassword: true }));

test("manager: the agent's FIM (realtime <syscheck>) ships syscheck events through the same spool and channel", () => withWorld(async (w) => {
  const log = join(w.dir, "a.log");
  const watched = join(w.dir, "watched");
  mkdirSync(watched);
  writeFileSync(log, "");
  const agent = await addAgent(w, "web-01", log, watched);
  await waitFor("agent connected and FIM watching", () => agent.stats().client.connected && (agent.stats().fim?.watching ?? 0) > 0);
  writeFileSync(join(watched, "new.conf"), "x=1\n");
  await waitFor("a syscheck event analysed", () => w.analyzer.events.some((e) => e.queue === "8" && e.log.includes("new.conf")));
  const event = w.analyzer.events.find((e) => e.queue === "8");
  assert.equal(event?.agentId, "001");
}));
