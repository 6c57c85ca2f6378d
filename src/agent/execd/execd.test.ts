import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock, silentLogger } from "../../core/mod.ts";
import { openDatabase } from "../../store/mod.ts";
import { buildMessage, parseArConf, serializeMessage } from "../../response/mod.ts";
import { createArHome, EOF_READER_SCRIPT, HANGING_SCRIPT, RECORDING_SCRIPT, STATELESS_SCRIPT, type ArHome } from "../../../test/harness/ar_home.ts";
import { createExecd, type ExecdOptions, type ExecutionResult } from "./mod.ts";

const AR_CONF = "firewall-drop60 - firewall-drop - 60\nhang0 - hang - 0\neof60 - eof - 60\nold30 - old.sh - 30 - legacy\nescape - ../x - 0\nslash - a/b - 0\n";

function message(ip: string, name = "firewall-drop60", extra: Record<string, unknown> = {}): string {
  return serializeMessage(buildMessage({
    originName: "node01", module: "wazuh-analysisd", name, extraArgs: [],
    alert: { id: `1700000000.${ip.length}`, rule: { id: "5763", level: 10 }, agent: { id: "001", name: "web01" }, data: { srcip: ip, ...extra } },
  }));
}

function setup(h: ArHome, clock: ManualClock, extra: Partial<ExecdOptions> = {}, dbPath = join(h.home, "queue", "execd.db")) {
  h.script("firewall-drop", RECORDING_SCRIPT);
  const db = openDatabase(dbPath);
  const results: ExecutionResult[] = [];
  const execd = createExecd({ home: h.home, clock, logger: silentLogger, allowlist: parseArConf(AR_CONF).allowlist, db, onResult: (r) => results.push(r), ...extra });
  return { execd, db, results };
}

async function withHome(fn: (h: ArHome) => Promise<void>): Promise<void> {
  const h = createArHome();
  try {
    await fn(h);
  } finally {
    h.cleanup();
  }
}

test("execd: Wazuh documentation scenario — add with check_keys and continue, repeat aborts, delete at T with the same alert", () => withHome(async (h) => {
  const clock = new ManualClock();
  const { execd, db, results } = setup(h, clock);
  await execd.start();
  const first = await execd.execute(message("203.0.113.5"), { commandId: "c1" });
  assert.equal(first.outcome, "done");
  assert.equal(first.key, "firewall-drop-203.0.113.5");
  assert.equal(first.commandId, "c1");
  assert.equal(first.expiresAt, clock.now() + 60_000);
  assert.equal(h.isBlocked("203.0.113.5"), true);
  clock.advance(30_000);
  const repeat = await execd.execute(message("203.0.113.5"));
  assert.equal(repeat.outcome, "aborted");
  assert.deepEqual(execd.active().map((a) => [a.key, a.timeLeftMs, a.origin, a.ruleId]), [["firewall-drop-203.0.113.5", 60_000, "rule", "5763"]]);
  clock.advance(59_999);
  await execd.settled();
  assert.equal(h.isBlocked("203.0.113.5"), true, "not before T");
  clock.advance(1);
  await execd.settled();
  assert.equal(h.isBlocked("203.0.113.5"), false);
  assert.deepEqual(h.records(), ["IN add 203.0.113.5 ", "REPLY continue 203.0.113.5", "ADD 203.0.113.5", "IN add 203.0.113.5 ", "REPLY abort 203.0.113.5", "IN delete 203.0.113.5 ", "DELETE 203.0.113.5"]);
  assert.deepEqual(results.map((r) => [r.command, r.outcome, r.trigger]), [["add", "done", undefined], ["add", "aborted", undefined], ["delete", "done", "timeout"]]);
  assert.deepEqual(execd.active(), []);
  await execd.stop();
  const log = readFileSync(join(h.home, "logs", "active-responses.log"), "utf8").split("\n");
  assert.match(log[0] ?? "", /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d active-response\/bin\/firewall-drop: Starting$/);
  const add = JSON.parse((log[1] ?? "").replace(/^[^{]*/, ""));
  assert.equal(add.command, "add");
  assert.equal(add.origin.module, "wazuh-execd");
  assert.equal(add.parameters.program, "active-response/bin/firewall-drop");
  assert.match(log[2] ?? "", /"command":"check_keys","parameters":\{"keys":\["203\.0\.113\.5"\]\}/);
  assert.match(log[3] ?? "", /"command":"continue"/);
  const del = JSON.parse((log.find((l) => l.includes('"command":"delete"')) ?? "").replace(/^[^{]*/, ""));
  assert.deepEqual({ ...del, command: "add" }, add, "the delete is the add message with command delete");
  db.close();
}));

test("execd: security control refuses unknown, unsafe and absent names; !custom is stateless", () => withHome(async (h) => {
  const clock = new ManualClock();
  const { execd, db } = setup(h, clock);
  h.script("custom.sh", STATELESS_SCRIPT);
  const refused = async (name: string) => (await execd.execute(message("192.0.2.1", name))).code;
  assert.equal(await refused("nope0"), "EXECD_UNKNOWN_NAME");
  assert.equal(await refused("escape"), "EXECD_UNKNOWN_NAME", "ar.conf drops executables with ..");
  assert.equal(await refused("slash"), "EXECD_UNSAFE_NAME");
  assert.equal(await refused("!../../../bin/sh"), "EXECD_UNSAFE_NAME");
  assert.equal(await refused("!/bin/sh"), "EXECD_UNSAFE_NAME");
  assert.equal(await refused("!.."), "EXECD_UNSAFE_NAME");
  assert.equal(await refused("hang0"), "EXECD_NOT_PRESENT");
  assert.equal(await refused("!absent"), "EXECD_NOT_PRESENT");
  assert.equal((await execd.execute("{not json")).code, "AR_BAD_MESSAGE");
  const custom = await execd.execute(message("192.0.2.1", "!custom.sh"));
  assert.deepEqual([custom.outcome, custom.timeoutSec, custom.key], ["done", 0, undefined]);
  assert.deepEqual(h.records(), ["STATELESS "]);
  await execd.stop();
  db.close();
}));

test("execd: hostile alerts never execute anything and are refused with a reason", () => withHome(async (h) => {
  const clock = new ManualClock();
  const { execd, db } = setup(h, clock);
  const hostile = ["1.2.3.4; touch /tmp/pwned", "$(id)", "1.2.3.4\nfirewall-drop", "a".repeat(10_240), "`reboot`"];
  for (const ip of hostile) {
    const r = await execd.execute(message(ip));
    assert.deepEqual([r.outcome, r.code], ["refused", "AR_INVALID_IP"]);
  }
  const user = await execd.execute(message("192.0.2.9", "firewall-drop60", { dstuser: "root; rm -rf / #" }));
  assert.deepEqual([user.outcome, user.code], ["refused", "AR_INVALID_USER"]);
  const huge = await execd.execute(message("192.0.2.9", "firewall-drop60", { blob: "x".repeat(70_000) }));
  assert.equal(huge.code, "AR_BAD_MESSAGE");
  assert.deepEqual(h.records(), []);
  await execd.stop();
  db.close();
}));

test("execd: a script that sleeps forever is killed by the watchdog while other responses keep running", () => withHome(async (h) => {
  const clock = new ManualClock();
  h.script("hang", HANGING_SCRIPT);
  const { execd, db } = setup(h, clock, { watchdogMs: 5_000 });
  const hung = execd.execute(message("198.51.100.1", "hang0"));
  while (!h.records().some((l) => l.startsWith("HANG"))) await new Promise((r) => setTimeout(r, 5));
  const others = await Promise.all(["192.0.2.1", "192.0.2.2", "2001:db8::3"].map((ip) => execd.execute(message(ip))));
  assert.deepEqual(others.map((r) => r.outcome), ["done", "done", "done"]);
  clock.advance(5_000);
  const r = await hung;
  assert.deepEqual([r.outcome, r.code], ["killed", "AR_SCRIPT_KILLED"]);
  await execd.stop();
  db.close();
}));

test("execd: a script reading stdin to EOF cannot freeze anything", () => withHome(async (h) => {
  const clock = new ManualClock();
  h.script("eof", EOF_READER_SCRIPT);
  const { execd, db } = setup(h, clock, { handshakeMs: 2_000 });
  const stuck = execd.execute(message("198.51.100.2", "eof60"));
  assert.equal((await execd.execute(message("192.0.2.50"))).outcome, "done");
  clock.advance(2_000);
  const r = await stuck;
  assert.deepEqual([r.outcome, r.key], ["done", undefined]);
  await execd.stop();
  db.close();
}));

test("execd: the same key runs strictly in order — a burst yields one continue and aborts", () => withHome(async (h) => {
  const clock = new ManualClock();
  const { execd, db } = setup(h, clock);
  const rs = await Promise.all(Array.from({ length: 8 }, () => execd.execute(message("203.0.113.77"))));
  assert.deepEqual(rs.map((r) => r.outcome), ["done", ...Array(7).fill("aborted")]);
  assert.deepEqual(h.records().filter((l) => l.startsWith("ADD")), ["ADD 203.0.113.77"]);
  await execd.stop();
  db.close();
}));

test("execd: repeated offenders escalate per key from minutes, persist, and decay", () => withHome(async (h) => {
  const clock = new ManualClock();
  const { execd, db } = setup(h, clock, { repeatedOffendersMinutes: [2, 10], offenderDecaySec: 3_600 });
  const cycle = async () => {
    const r = await execd.execute(message("203.0.113.9"));
    clock.advance(r.timeoutSec * 1000);
    await execd.settled();
    return r.timeoutSec;
  };
  assert.deepEqual([await cycle(), await cycle(), await cycle(), await cycle()], [60, 120, 600, 600]);
  clock.advance(3_601_000);
  assert.equal(await cycle(), 60, "decayed");
  await execd.stop();
  db.close();
}));

test("execd: legacy form gets positional argv and is keyed on executable, user and ip", () => withHome(async (h) => {
  const clock = new ManualClock();
  h.script("old.sh", STATELESS_SCRIPT);
  const { execd, db } = setup(h, clock);
  const a = await execd.execute(message("192.0.2.44", "old30", { dstuser: "bob" }));
  const b = await execd.execute(message("192.0.2.44", "old30", { dstuser: "bob" }));
  assert.deepEqual([a.outcome, a.key, b.outcome], ["done", "old.sh-bob-192.0.2.44", "aborted"]);
  clock.advance(30_000);
  await execd.settled();
  assert.deepEqual(h.records(), ["STATELESS add bob 192.0.2.44 1700000000.10 5763 001 -", "STATELESS delete bob 192.0.2.44 1700000000.10 5763 001 -"]);
  await execd.stop();
  db.close();
}));

test("execd: 100 pending responses survive a crash; every delete runs once after restart", () => withHome(async (h) => {
  const clock = new ManualClock();
  const dbPath = join(h.home, "queue", "execd.db");
  const first = setup(h, clock, { maxConcurrent: 16 }, dbPath);
  const ips = Array.from({ length: 100 }, (_, i) => `10.0.${Math.floor(i / 50)}.${(i % 50) + 1}`);
  const rs = await Promise.all(ips.map((ip) => first.execd.execute(message(ip))));
  assert.equal(rs.filter((r) => r.outcome === "done").length, 100);
  first.db.close(); // crash: no stop(), timers never fire
  const later = new ManualClock(clock.now() + 120_000);
  const second = setup(h, later, { maxConcurrent: 16 }, dbPath);
  assert.equal(second.execd.active().length, 100);
  await second.execd.start();
  await second.execd.settled();
  const deletes = h.records().filter((l) => l.startsWith("DELETE"));
  assert.equal(deletes.length, 100);
  assert.equal(new Set(deletes).size, 100);
  assert.deepEqual(second.results.map((r) => r.trigger).filter((t) => t !== "reconcile"), []);
  assert.deepEqual(second.execd.active(), []);
  later.advance(600_000);
  await second.execd.settled();
  assert.equal(h.records().filter((l) => l.startsWith("DELETE")).length, 100, "none twice");
  await second.execd.stop();
  second.db.close();
}));

test("execd: restart reschedules deletes not yet due; stop keeps blocks unless liftOnStop; lift runs the delete now", () => withHome(async (h) => {
  const clock = new ManualClock();
  const dbPath = join(h.home, "queue", "execd.db");
  const a = setup(h, clock, {}, dbPath);
  await a.execd.execute(message("192.0.2.61"));
  await a.execd.execute(message("192.0.2.62"));
  await a.execd.stop();
  assert.equal(h.isBlocked("192.0.2.61"), true, "stop does not lift");
  a.db.close();
  const b = setup(h, clock, { liftOnStop: true }, dbPath);
  await b.execd.start();
  assert.deepEqual(b.execd.active().map((x) => x.timeLeftMs), [60_000, 60_000]);
  const lifted = await b.execd.lift("firewall-drop-192.0.2.61");
  assert.deepEqual([lifted?.outcome, lifted?.trigger], ["done", "lift"]);
  assert.equal(await b.execd.lift("firewall-drop-192.0.2.61"), undefined);
  await b.execd.stop();
  assert.equal(h.isBlocked("192.0.2.62"), false, "liftOnStop lifts");
  assert.equal((await b.execd.execute(message("192.0.2.70"))).code, "EXECD_STOPPED");
  b.db.close();
}));

test("execd: a script writable by others is refused; a symlink placed in bin is followed", () => withHome(async (h) => {
  const clock = new ManualClock();
  const { execd, db } = setup(h, clock);
  const { chmodSync, symlinkSync, writeFileSync: write } = await import("node:fs");
  chmodSync(join(h.bin, "firewall-drop"), 0o757);
  assert.equal((await execd.execute(message("192.0.2.80"))).code, "EXECD_NOT_PRESENT");
  chmodSync(join(h.bin, "firewall-drop"), 0o755);
  const outside = join(h.home, "elsewhere.sh");
  write(outside, STATELESS_SCRIPT, { mode: 0o755 });
  symlinkSync(outside, join(h.bin, "linked.sh"));
  assert.equal((await execd.execute(message("192.0.2.81", "!linked.sh"))).outcome, "done");
  await execd.stop();
  db.close();
}));

test("execd: stop() kills runs still going after its grace; their entry is kept for the next start", () => withHome(async (h) => {
  const clock = new ManualClock();
  h.script("hang", HANGING_SCRIPT);
  const { execd, db } = setup(h, clock, { stopGraceMs: 2_000 });
  const hung = execd.execute(message("198.51.100.9", "hang0"));
  while (!h.records().some((l) => l.startsWith("HANG"))) await new Promise((r) => setTimeout(r, 5));
  const stopped = execd.stop();
  clock.advance(2_000);
  await stopped;
  const r = await hung;
  assert.deepEqual([r.outcome, r.reason], ["killed", "killed: the execd is stopping"]);
  db.close();
}));

test("execd: a delete whose executable is missing is retried every minute until it can run", () => withHome(async (h) => {
  const clock = new ManualClock();
  const { execd, db } = setup(h, clock);
  await execd.execute(message("192.0.2.90"));
  const { renameSync } = await import("node:fs");
  renameSync(join(h.bin, "firewall-drop"), join(h.home, "moved"));
  clock.advance(60_000);
  await execd.settled();
  assert.equal(execd.active().length, 1, "kept while the executable is missing");
  renameSync(join(h.home, "moved"), join(h.bin, "firewall-drop"));
  clock.advance(60_000);
  await execd.settled();
  assert.deepEqual(execd.active(), []);
  assert.equal(h.records().at(-1), "DELETE 192.0.2.90");
  await execd.stop();
  db.close();
}));

test("execd: a run that ends while its decision waits for the key lock never leaks the lock", () => withHome(async (h) => {
  const clock = new ManualClock();
  // One executable, one key for every target: .91 holds the key, .92 answers and quits
  // without waiting, .93 waits for its answer (it would wait forever on a leaked lock).
  h.script("kscript", `#!/bin/sh
read -r line
printf '{"version":1,"origin":{"name":"k","module":"active-response"},"command":"check_keys","parameters":{"keys":["k"]}}\\n'
case "$line" in
  *192.0.2.91*) read -r reply; printf 'HOLD\\n' >> record.log; exec sleep 100000 ;;
  *192.0.2.93*) read -r reply; printf 'WAITED\\n' >> record.log ;;
  *) printf 'QUIT\\n' >> record.log ;;
esac
`);
  const { execd, db } = setup(h, clock, { watchdogMs: 10_000, allowlist: parseArConf("k60 - kscript - 60\n").allowlist });
  const holding = execd.execute(message("192.0.2.91", "k60"));
  while (!h.records().includes("HOLD")) await new Promise((r) => setTimeout(r, 5));
  const quitting = execd.execute(message("192.0.2.92", "k60"));
  while (!h.records().includes("QUIT")) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
  clock.advance(1_000);
  assert.equal((await quitting).outcome, "done", "the run ended while its decision still waits for the lock");
  clock.advance(9_000);
  assert.equal((await holding).outcome, "killed");
  const next = await Promise.race([execd.execute(message("192.0.2.93", "k60")), new Promise((r) => setTimeout(() => r("deadlock"), 15_000))]);
  assert.notEqual(next, "deadlock");
  assert.equal((next as { outcome: string }).outcome, "aborted", "the holder's entry is still active");
  await execd.stop();
  db.close();
}));
