// Replay and the live pipeline agree: a generated day of mixed sshd traffic (legitimate
// logins, brute forces, an attacker who also logs in, the manager's own address, a protected
// and a whitelisted address, a storm that trips the circuit breaker) goes through
// (a) the live pipeline in-process: the engine + createResponder driven by a ManualClock set
//     to each line's event time, and (b) riposte replay's simulator on the same lines; both
// must decide the same responses (block name, address, kind) at the same event times. The
// same day as a gzip file and as a journald export gives the same blocks through replayLogs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { DiagnosticBag, ManualClock, type RawEvent } from "../src/core/mod.ts";
import { loadConfigFiles, type Config } from "../src/config/mod.ts";
import { breakerOptionsOf, createCircuitBreaker, definitionsFromConfig, protectedNetworksOf } from "../src/response/mod.ts";
import { createEngine, loadRuleset, rulesetSourceOfDir, type Ruleset } from "../src/ruleset/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { createResponder, type StoredDecision } from "../src/manager/dispatch/mod.ts";
import { ReplaySimulator, YEAR_HINT_MS, replayLogs, simulatorOptions, type SimDecision } from "../src/replay/mod.ts";
import { mixedDay, SAFETY_CONF, START } from "./_mixed_day.ts";

const MANAGER = "192.0.2.1";
const dir = mkdtempSync(join(tmpdir(), "riposte-replay-"));

async function load(): Promise<{ config: Config; ruleset: Ruleset }> {
  const file = join(dir, "ossec.conf");
  writeFileSync(file, SAFETY_CONF);
  const { config, diagnostics } = await loadConfigFiles([file], { role: "manager" });
  assert.ok(config, diagnostics.map((d) => d.message).join("\n"));
  const bag = new DiagnosticBag();
  const source = rulesetSourceOfDir(resolve(import.meta.dirname, "..", "ruleset"), bag);
  assert.ok(source);
  return { config, ruleset: loadRuleset(source) };
}

type Row = readonly [number, string, string, string];

function liveKind(d: StoredDecision): string {
  if (d.decision === "queued") return "run";
  if (d.decision === "dry_run") return d.code === "AR_BREAKER_OPEN" ? "breaker" : "dry_run";
  return d.decision;
}

/** The live pipeline in-process: engine + responder, the clock set to each event's time. */
function live(config: Config, ruleset: Ruleset, lines: readonly string[]): Row[] {
  const clock = new ManualClock(0);
  const engine = createEngine(ruleset, { clock, managerName: "bastion", timeSource: "event" });
  const agents = [{ id: "000", name: "bastion", status: "active" as const, addresses: [], groups: [] }];
  const rows: Row[] = [];
  const responder = createResponder({
    config: {
      definitions: definitionsFromConfig(config), whitelist: config.global.whiteList, managerAddresses: [MANAGER],
      protectedNetworks: protectedNetworksOf(config), breaker: createCircuitBreaker(breakerOptionsOf(config)),
    },
    clock, store: openDatabase(":memory:"), agents: { get: (id) => agents.find((a) => a.id === id), list: () => agents },
    deliver: () => Promise.resolve(true),
    onDecision: (d) => rows.push([d.at, d.name, liveKind(d), d.srcip ?? ""]),
  });
  let last: number | undefined;
  for (const log of lines) {
    const raw: RawEvent = { agentId: "000", agentName: "bastion", location: "/var/log/auth.log", log, queue: "1", receivedAt: last === undefined ? START : last + YEAR_HINT_MS };
    const result = engine.analyze(raw);
    clock.set(Math.max(clock.now(), result.timeMs));
    last = clock.now();
    if (result.alert) responder.onAlert(result.alert);
  }
  return rows;
}

function replayed(config: Config, ruleset: Ruleset, lines: readonly string[]): Row[] {
  const sim = new ReplaySimulator(simulatorOptions({ ruleset, config, selfAddresses: [MANAGER], managerName: "bastion" }, START));
  for (const line of lines) sim.feed(line, "/var/log/auth.log");
  return sim.finish().decisions.map((d: SimDecision) => [d.at, d.name, d.kind, d.ip ?? ""] as const);
}

test("replay decides the same responses, at the same event times, as the live pipeline on a generated day", async () => {
  const { config, ruleset } = await load();
  const day = mixedDay();
  const a = live(config, ruleset, day.lines);
  const b = replayed(config, ruleset, day.lines);
  assert.ok(a.length > 50, `a day with responses (${a.length})`);
  assert.deepEqual(b, a);
  const kinds = new Set(a.map((r) => r[2]));
  for (const k of ["run", "breaker", "self_protected", "whitelisted", "dry_run"]) assert.ok(kinds.has(k), `the day exercises ${k}`);
  assert.ok(a.every((r) => r[3] !== MANAGER || r[2] === "self_protected"), "the manager's own address is never blocked");
  assert.ok(a.some((r) => r[3] === day.insider && r[2] === "run"), "the attacker who also logs in is blocked");
});

test("replayLogs: the day as plain, gzip and a journald export gives the same report; false positives are named", async () => {
  const { config, ruleset } = await load();
  const day = mixedDay();
  const plain = join(dir, "auth.log");
  writeFileSync(plain, `${day.lines.join("\n")}\n`);
  const gz = join(dir, "auth.log.1");
  writeFileSync(gz, gzipSync(`${day.lines.join("\n")}\n`));
  const journal = join(dir, "journal.json");
  writeFileSync(journal, `${day.journal.join("\n")}\n{"not":"an entry"\n`);
  const setup = { ruleset, config, selfAddresses: [MANAGER], referenceMs: START };
  const [p, g, j] = await Promise.all([plain, gz, journal].map((f) => replayLogs([f], setup)));
  assert.ok(p && g && j);
  assert.deepEqual([p.input?.files[0]?.format, g.input?.files[0]?.format, j.input?.files[0]?.format], ["plain", "gzip", "journald"]);
  assert.equal(j.input?.files[0]?.bad, 1);
  const blocks = (r: typeof p) => r.addresses.map((x) => [x.ip, x.blocks, x.firstBlock, x.lastBlock, x.blockedMs]);
  assert.deepEqual(blocks(g), blocks(p));
  assert.deepEqual(blocks(j), blocks(p));
  const fp = new Map(p.falsePositives.map((f) => [f.ip, f.suspicions.join("; ")]));
  assert.match(fp.get(day.insider) ?? "", /logged in successfully/);
  assert.match(fp.get(day.privateAttacker) ?? "", /private range 172\.16\.0\.0\/12/);
  assert.ok(p.guarded.some((x) => x.ip === MANAGER), "guard skips are listed");
  assert.ok(p.breaker.some((c) => c.state === "open"), "the breaker trip is listed");
  const drop = p.blocks.find((b) => b.name === "firewall-drop600");
  assert.ok(drop && drop.responses > 0 && drop.distinctAddresses > 0 && drop.timeline.length > 1);
  for (const x of p.addresses) assert.ok(x.blockedMs >= 600_000 && x.lastBlock >= x.firstBlock);
});
