// protect_ssh_sessions: `ss` output parsing, and the agent refusing to block the source of an
// established SSH session (refused, logged to active-responses.log, rule 664 fires), while
// other addresses still reach the execd.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DiagnosticBag, ManualClock, silentLogger } from "../../core/mod.ts";
import { createEngine, loadRuleset, rulesetSourceOfDir } from "../../ruleset/mod.ts";
import { createAgentActiveResponse } from "./agent_active_response.ts";
import type { ArAnswer } from "./ar_command_handler.ts";
import { parseSsPeers } from "./ssh_peers.ts";

test("parseSsPeers: IPv4, IPv6, IPv4-mapped and scoped peers; junk ignored", () => {
  const text = [
    "0      0       10.0.0.5:22      192.0.2.77:51234",
    "0      0   [::ffff:10.0.0.5]:22   [::ffff:198.51.100.8]:40000",
    "0      0   [2001:db8::1]:22   [2001:DB8::99]:50000",
    "0      0   [fe80::1%eth0]:22   [fe80::2%eth0]:50000",
    "garbage line",
    "",
  ].join("\n");
  assert.deepEqual(parseSsPeers(text).sort(), ["192.0.2.77", "198.51.100.8", "2001:db8::99", "fe80::2"].sort());
});

function message(srcip: string) {
  return { version: 1, origin: { name: "node01", module: "wazuh-analysisd" }, command: "firewall-drop600", parameters: { extra_args: [], alert: { rule: { id: "5763", level: 10 }, data: { srcip } } } };
}

test("protect_ssh_sessions: the source of an established SSH session is never blocked; rule 664 fires", async () => {
  const home = mkdtempSync(join(tmpdir(), "riposte-sshguard-"));
  mkdirSync(join(home, "etc", "shared"), { recursive: true });
  writeFileSync(join(home, "etc", "shared", "ar.conf"), "firewall-drop600 - firewall-drop - 600\n");
  const clock = new ManualClock(Date.UTC(2026, 10, 29, 10));
  let runs = 0;
  const ar = createAgentActiveResponse({
    home, clock, logger: silentLogger, execd: { disabled: false, repeatedOffendersMinutes: [], protectSshSessions: true },
    inProcessBuiltins: false, ssRunner: () => (runs++, Promise.resolve("0 0 10.0.0.5:22 192.0.2.77:51234\n")),
  });
  await ar.start();
  const answers: ArAnswer[] = [];
  const ask = (id: string, srcip: string) => new Promise<void>((done) => ar.onAr({ id, payload: message(srcip), expiresAt: 0 }, (a) => (answers.push(a), done())));
  await ask("c1", "192.0.2.77");
  await ask("c2", "203.0.113.5");
  await ask("c3", "192.0.2.77");
  await ar.stop();
  assert.deepEqual(answers.map((a) => [a.id, a.outcome]).filter(([id]) => id !== "c2"), [["c1", "refused"], ["c3", "refused"]]);
  assert.match(answers.find((a) => a.id === "c1")?.detail ?? "", /^AR_SELF_PROTECTED: 192\.0\.2\.77: source of an SSH session/);
  assert.doesNotMatch(answers.find((a) => a.id === "c2")?.detail ?? "", /AR_SELF_PROTECTED/, "other addresses reach the execd");
  assert.equal(runs, 1, "ss runs once per 2 s at most");
  const lines = readFileSync(join(home, "logs", "active-responses.log"), "utf8").split("\n").filter((l) => l.includes("self-protected"));
  assert.equal(lines.length, 2);
  const source = rulesetSourceOfDir(resolve(import.meta.dirname, "..", "..", "..", "ruleset"), new DiagnosticBag());
  assert.ok(source);
  const engine = createEngine(loadRuleset(source), { clock, managerName: "m" });
  const r = engine.analyze({ agentId: "001", agentName: "web01", location: "/var/ossec/logs/active-responses.log", log: lines[0] ?? "", queue: "1", receivedAt: clock.now() });
  assert.equal(r.alert?.rule.id, "664");
});
