// Replay's execd model against the real execd: the generated day goes through the live
// pipeline in-process down to the agent (engine → responder → createExecd on the same
// ManualClock, with an in-process firewall-drop), and through replay. Every block period
// replay reports (start, and end after renewals by duplicates and repeated-offender
// escalation) is one the execd really had: its add results give the start and the expiry
// it scheduled, each renewal (an aborted duplicate) the new expiry; each block was deleted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DiagnosticBag, ManualClock, silentLogger, type RawEvent } from "../src/core/mod.ts";
import { loadConfigFiles } from "../src/config/mod.ts";
import {
  breakerOptionsOf, createCircuitBreaker, definitionsFromConfig, generateArConf, parseArConf, protectedNetworksOf,
  type ArMessage, type ResponseAction,
} from "../src/response/mod.ts";
import { createEngine, loadRuleset, rulesetSourceOfDir } from "../src/ruleset/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { createResponder } from "../src/manager/dispatch/mod.ts";
import { createExecd } from "../src/agent/execd/mod.ts";
import { ReplaySimulator, YEAR_HINT_MS, simulatorOptions } from "../src/replay/mod.ts";
import { mixedDay, SAFETY_CONF, START } from "./_mixed_day.ts";

const srcipOf = (m: ArMessage): string => String(((m.parameters.alert as { data?: { srcip?: string } } | undefined)?.data?.srcip) ?? "");

test("replay's block periods are the real execd's (dedup renewals, repeated offenders, timeouts)", { timeout: 120_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), "riposte-replay-execd-"));
  mkdirSync(join(home, "active-response", "bin"), { recursive: true });
  writeFileSync(join(home, "active-response", "bin", "firewall-drop"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(home, "active-response", "bin", "firewall-drop"), 0o755);
  writeFileSync(join(home, "ossec.conf"), SAFETY_CONF);
  const { config } = await loadConfigFiles([join(home, "ossec.conf")], { role: "manager" });
  assert.ok(config);
  const source = rulesetSourceOfDir(resolve(import.meta.dirname, "..", "ruleset"), new DiagnosticBag());
  assert.ok(source);
  const ruleset = loadRuleset(source);
  const definitions = definitionsFromConfig(config);

  const clock = new ManualClock(0);
  const periods = new Map<string, { start: number; end: number }[]>();
  let deletes = 0;
  const recorder: ResponseAction = {
    name: "firewall-drop",
    async add(message, ctx) {
      const ip = srcipOf(message);
      if ((await ctx.decide({ kind: "keys", keys: [ip] })) === "abort") return { outcome: "aborted", exitCode: null, durationMs: 0, handshake: "keys" };
      return { outcome: "done", exitCode: 0, durationMs: 0, handshake: "keys" };
    },
    delete() {
      deletes++;
      return Promise.resolve({ outcome: "done", exitCode: 0, durationMs: 0, handshake: "not-applicable" });
    },
  };
  const execd = createExecd({
    home, clock, logger: silentLogger, db: openDatabase(":memory:"), allowlist: parseArConf(generateArConf(definitions)).allowlist,
    repeatedOffendersMinutes: config.execd.repeatedOffendersMinutes, arLog: false, actionFor: () => recorder,
    onResult: (r) => {
      if (r.command !== "add" || !r.target || r.expiresAt === undefined) return;
      const list = periods.get(r.target) ?? [];
      periods.set(r.target, list);
      if (r.outcome === "done") list.push({ start: r.at, end: r.expiresAt });
      else if (r.outcome === "aborted" && list.length > 0) (list.at(-1) as { end: number }).end = r.expiresAt;
    },
  });
  await execd.start();
  const messages: string[] = [];
  const engine = createEngine(ruleset, { clock, managerName: "bastion", timeSource: "event" });
  const agents = [{ id: "000", name: "bastion", status: "active" as const, addresses: [], groups: [] }];
  const responder = createResponder({
    config: {
      definitions, whitelist: config.global.whiteList, managerAddresses: ["192.0.2.1"], protectedNetworks: protectedNetworksOf(config),
      breaker: createCircuitBreaker(breakerOptionsOf(config)),
    },
    clock, store: openDatabase(":memory:"), agents: { get: (id) => agents.find((a) => a.id === id), list: () => agents },
    deliver: () => Promise.resolve(true),
    onDecision: (d, message) => void (d.decision === "queued" && message && messages.push(message)),
  });
  const day = mixedDay();
  let last: number | undefined;
  for (const log of day.lines) {
    const raw: RawEvent = { agentId: "000", agentName: "bastion", location: "/var/log/auth.log", log, queue: "1", receivedAt: last === undefined ? START : last + YEAR_HINT_MS };
    const result = engine.analyze(raw);
    clock.set(Math.max(clock.now(), result.timeMs));
    last = clock.now();
    await execd.settled(); // deletes that fell due by now
    if (!result.alert) continue;
    responder.onAlert(result.alert);
    for (const m of messages.splice(0)) await execd.execute(m);
  }
  clock.advance(7 * 86_400_000);
  await execd.settled();
  await execd.stop();

  const sim = new ReplaySimulator(simulatorOptions({ ruleset, config, selfAddresses: ["192.0.2.1"], managerName: "bastion" }, START));
  for (const line of day.lines) sim.feed(line, "/var/log/auth.log");
  const replayed = sim.finish().periods.map((p) => `${p.target} ${p.startedAt} ${p.expiresAt}`);
  const real = [...periods].flatMap(([ip, list]) => list.map((p) => `${ip} ${p.start} ${p.end}`));
  assert.ok(replayed.length > 20, `blocks happened (${replayed.length})`);
  assert.deepEqual([...replayed].sort(), [...real].sort());
  assert.equal(deletes, real.length, "every block was undone");
  const simulated = sim.finish().periods;
  assert.ok(simulated.some((p) => p.timeoutSec > 600), "repeated offenders escalated");
  assert.ok(simulated.some((p) => p.renewals > 0), "a duplicate renewed a block");
});
