// replayLogs end to end on small files: formats, bad journal lines, an unreadable file, the
// report's false positives and blocked time, the HTML page is self-contained.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { DiagnosticBag } from "../core/mod.ts";
import { loadConfigFiles } from "../config/mod.ts";
import { loadRuleset, rulesetSourceOfDir } from "../ruleset/mod.ts";
import { ReplayError, formatReplayText, renderReplayHtml, replayLogs } from "./mod.ts";

const dir = mkdtempSync(join(tmpdir(), "riposte-replay-unit-"));
const CONF = `<ossec_config>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5763</rules_id><timeout>600</timeout></active-response>
</ossec_config>`;

async function setup() {
  writeFileSync(join(dir, "ossec.conf"), CONF);
  const { config } = await loadConfigFiles([join(dir, "ossec.conf")], { role: "manager" });
  assert.ok(config);
  const source = rulesetSourceOfDir(resolve(import.meta.dirname, "..", "..", "ruleset"), new DiagnosticBag());
  assert.ok(source);
  return { config, ruleset: loadRuleset(source), referenceMs: Date.UTC(2026, 10, 29) };
}

function bruteForce(ip: string, minute: number): string[] {
  return Array.from({ length: 8 }, (_, i) => `Nov 29 10:${String(minute).padStart(2, "0")}:${String(i * 2).padStart(2, "0")} web01 sshd[77]: Failed password for root from ${ip} port ${5000 + i} ssh2`);
}

test("replayLogs: blocks, blocked time, false positives (login, private range), and the three views", async () => {
  const lines = [
    ...bruteForce("203.0.113.9", 0), ...bruteForce("192.168.7.7", 2),
    "Nov 29 10:05:00 web01 sshd[78]: Accepted password for bob from 203.0.113.9 port 6000 ssh2",
    ...bruteForce("203.0.113.9", 20),
  ];
  const file = join(dir, "auth.log");
  writeFileSync(file, `${lines.join("\r\n")}\r\n`);
  const r = await replayLogs([file], await setup());
  assert.deepEqual(r.addresses.map((a) => [a.ip, a.blocks, a.blockedMs]), [["203.0.113.9", 2, 1_200_000], ["192.168.7.7", 1, 600_000]]);
  assert.deepEqual(r.falsePositives.map((f) => [f.ip, f.suspicions]), [["203.0.113.9", ["logged in successfully 1 time"]], ["192.168.7.7", ["private range 192.168.0.0/16"]]]);
  assert.equal(r.rules.find((x) => x.id === "5763")?.count, 3);
  assert.match(formatReplayText(r), /203\.0\.113\.9\s+2\s+2026-11-29T10:00:14Z\s+2026-11-29T10:20:14Z\s+20m00s/);
  const html = renderReplayHtml(r);
  assert.match(html, /<svg[^>]*>.*<rect /s);
  assert.doesNotMatch(html.replace('xmlns="http://www.w3.org/2000/svg"', ""), /https?:|<script|<link|src=/);
});

test("replayLogs: journald exports and gzip; bad journal lines are counted; unreadable files are ReplayErrors", async () => {
  const s = await setup();
  const entries = bruteForce("203.0.113.50", 0).map((l, i) => JSON.stringify({
    __REALTIME_TIMESTAMP: String((Date.UTC(2026, 10, 29, 10, 0, i * 2)) * 1000), _HOSTNAME: "web01", SYSLOG_IDENTIFIER: "sshd", _PID: "77", MESSAGE: l.slice(l.indexOf(": ") + 2),
  }));
  const journal = join(dir, "export.json");
  writeFileSync(journal, [...entries, "garbage", JSON.stringify({ __REALTIME_TIMESTAMP: "1", _HOSTNAME: "x" })].join("\n"));
  const gz = join(dir, "old.log.1");
  writeFileSync(gz, gzipSync(bruteForce("203.0.113.51", 30).join("\n")));
  const r = await replayLogs([journal, gz], s);
  assert.deepEqual(r.input?.files.map((f) => [f.format, f.lines, f.bad]), [["journald", 10, 1], ["gzip", 8, 0]]);
  assert.deepEqual(r.addresses.map((a) => a.ip).sort(), ["203.0.113.50", "203.0.113.51"]);
  await assert.rejects(replayLogs([join(dir, "missing.log")], s), (e: unknown) => e instanceof ReplayError && e.code === "REPLAY_UNREADABLE");
  const corrupt = join(dir, "corrupt.gz");
  writeFileSync(corrupt, Buffer.concat([gzipSync("x".repeat(1000)).subarray(0, 12), Buffer.from("not gzip at all")]));
  await assert.rejects(replayLogs([corrupt], s), (e: unknown) => e instanceof ReplayError && e.code === "REPLAY_UNREADABLE");
});

test("replayLogs: a log across New Year keeps going forward (Dec 31 → Jan 1 of the next year)", async () => {
  const s = await setup();
  const file = join(dir, "newyear.log");
  writeFileSync(file, [
    "Dec 31 23:59:50 web01 sshd[1]: Accepted publickey for bob from 10.0.0.1 port 1 ssh2",
    "Jan  1 00:00:10 web01 sshd[1]: Accepted publickey for bob from 10.0.0.1 port 1 ssh2",
  ].join("\n"));
  const r = await replayLogs([file], { ...s, referenceMs: Date.UTC(2025, 11, 31, 23, 59, 59) });
  assert.deepEqual([r.firstEventAt, r.lastEventAt], [Date.UTC(2025, 11, 31, 23, 59, 50), Date.UTC(2026, 0, 1, 0, 0, 10)]);
});
