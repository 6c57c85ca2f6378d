/**
 * An API server over real services for tests: an agent registry (000 local, 001 active,
 * 002 never connected), an alerts store with a few alerts, the real responder (firewall-drop
 * with a 600 s timeout) whose deliveries are recorded and acknowledged, and three users
 * (reader: read-only, resp: responder, admin: admin; password = name + "-pw").
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DiagnosticBag, ManualClock, type Alert } from "../../src/core/mod.ts";
import { createLogtestSession, loadRuleset, rulesetSourceOfDir, type Ruleset } from "../../src/ruleset/mod.ts";
import { openDatabase } from "../../src/store/mod.ts";
import { resolveResponses } from "../../src/response/mod.ts";
import { AgentRegistry } from "../../src/manager/mod.ts";
import { AlertStore } from "../../src/manager/outputs/mod.ts";
import { agentDirectoryFrom, createResponder, type QueuedCommand } from "../../src/manager/dispatch/mod.ts";
import { createApiServer, hashPassword, type ApiServer } from "../../src/api/mod.ts";
import type { ApiUser } from "../../src/config/mod.ts";
import { testPki } from "./test_pki.ts";

export interface ApiFixture {
  readonly api: ApiServer;
  readonly clock: ManualClock;
  readonly registry: AgentRegistry;
  readonly store: AlertStore;
  readonly sent: [string, QueuedCommand][];
  readonly responder: ReturnType<typeof createResponder>;
  close(): Promise<void>;
}

export function testAlert(i: number, over: { level?: number; srcip?: string; ruleId?: string; agentId?: string; ts?: number } = {}): Alert {
  const ts = over.ts ?? Date.UTC(2026, 0, 1) + i * 1000;
  return {
    timestamp: new Date(ts).toISOString().replace("Z", "+0000"), id: `${Math.floor(ts / 1000)}.${i}`,
    rule: { level: over.level ?? 10, description: "sshd: brute force trying to get access to the system", id: over.ruleId ?? "5763", firedtimes: 1, mail: false, groups: ["syslog", "sshd", "authentication_failures"], mitre: { id: ["T1110"], tactic: ["Credential Access"], technique: ["Brute Force"] } },
    agent: { id: over.agentId ?? "001", name: "web01" }, manager: { name: "manager" }, location: "/var/log/auth.log",
    full_log: `Nov 29 10:00:00 web sshd[42]: Failed password for root from ${over.srcip ?? "203.0.113.5"} port 4242 ssh2`,
    data: { srcip: over.srcip ?? "203.0.113.5", srcuser: "root" },
  };
}

let loaded: Ruleset | undefined;
/** Riposte's own ruleset (loaded once per process). */
function ruleset(): Ruleset {
  if (!loaded) {
    const source = rulesetSourceOfDir(fileURLToPath(new URL("../../ruleset", import.meta.url)), new DiagnosticBag());
    if (!source) throw new Error("no ruleset");
    loaded = loadRuleset(source);
  }
  return loaded;
}

async function user(name: string, role: ApiUser["role"]): Promise<ApiUser> {
  return { name, role, passwordHash: await hashPassword(`${name}-pw`, { N: 1024, r: 8, p: 1 }), at: { file: "test", line: 1, column: 1 } };
}

export async function apiFixture(options: { tokenTtlSec?: number; requestsPerMinute?: number } = {}): Promise<ApiFixture> {
  const dir = mkdtempSync(join(tmpdir(), "riposte-api-"));
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 10));
  const registry = new AgentRegistry(join(dir, "agents.db"), () => clock.now());
  registry.ensureLocal("manager");
  for (const name of ["web01", "web02"]) await registry.add({ name, ip: "any", groups: ["default"] }, async () => ({ serial: "1", fingerprint: "f" }));
  registry.connected("001", { ip: "198.51.100.11", version: "Riposte v0.1.0", dropped: 0 });
  const alertsDb = join(dir, "analysis.db");
  const db = openDatabase(alertsDb);
  const store = new AlertStore(db);
  store.insert(Array.from({ length: 20 }, (_, i) => testAlert(i, { level: i % 2 === 0 ? 10 : 5, srcip: `203.0.113.${i % 4}`, ruleId: i % 2 === 0 ? "5763" : "5710" })));
  const { definitions } = resolveResponses([
    { kind: "command", spec: { name: "firewall-drop", executable: "firewall-drop", timeoutAllowed: true } },
    { kind: "response", spec: { command: "firewall-drop", location: "local", rulesId: ["5763"], timeout: 600 } },
  ]);
  const sent: [string, QueuedCommand][] = [];
  const link: { api?: ApiServer } = {};
  const arDb = openDatabase(":memory:");
  const responder = createResponder({
    config: { definitions, managerAddresses: ["192.0.2.1"], originName: "node01" }, clock, store: arDb, agents: agentDirectoryFrom(registry),
    deliver: async (agentId, command) => {
      sent.push([agentId, command]);
      return true;
    },
    onDecision: (d) => link.api?.onDecision(d),
  });
  const pki = await testPki();
  const api = createApiServer({
    config: { disabled: false, host: "127.0.0.1", port: 0, users: [await user("reader", "read-only"), await user("resp", "responder"), await user("admin", "admin")] },
    home: dir, tls: pki.server, alertsDb, clock, agents: registry, responder, responseNames: () => definitions.map((d) => d.name),
    logtest: () => createLogtestSession(ruleset(), { clock, managerName: "manager" }),
    ...(options.tokenTtlSec ? { tokenTtlSec: options.tokenTtlSec } : {}), ...(options.requestsPerMinute ? { requestsPerMinute: options.requestsPerMinute } : {}),
  });
  link.api = api;
  await api.start();
  return {
    api, clock, registry, store, sent, responder,
    async close() {
      await api.stop();
      await responder.stop();
      db.close();
      arDb.close();
      registry.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
