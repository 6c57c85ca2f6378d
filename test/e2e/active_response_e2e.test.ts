// End to end with real processes: `riposte manager` and one enrolled `riposte agent`, the
// Wazuh documentation configuration (firewall-drop, location local, rules_id 5763, a short
// timeout) and a recording script in place of firewall-drop in the agent's
// active-response/bin. Brute-force lines appended to the agent's file lead to add with
// check_keys and continue; a repeat within the timeout to abort; the timeout to delete; a
// whitelisted address to nothing. `riposte control` lists names and the active block.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { enrollAgent, freePort, kill, killAll, makeAgentHome, runRiposte, spawnRiposte, waitForManager, type ManagerHome } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";
import { RECORDING_SCRIPT } from "../harness/ar_home.ts";

const DECODERS = `<decoder name="e2e-sshd">
  <program_name>^sshd$</program_name>
</decoder>
<decoder name="e2e-sshd-failed">
  <parent>e2e-sshd</parent>
  <regex>^Failed password for (\\S+) from (\\S+) port</regex>
  <order>srcuser, srcip</order>
</decoder>
`;

const RULES = `<group name="syslog,sshd,">
  <rule id="1" level="0" noalert="1">
    <category>syslog</category>
    <description>Root of syslog rules (e2e)</description>
  </rule>
  <rule id="5763" level="10">
    <decoded_as>e2e-sshd</decoded_as>
    <match>Failed password</match>
    <description>e2e: sshd brute force</description>
  </rule>
</group>
`;

async function managerHome(dir: string, timeoutSec: number): Promise<ManagerHome> {
  const home = join(dir, "manager");
  for (const d of ["etc", "rules/decoders", "rules/rules"]) mkdirSync(join(home, d), { recursive: true });
  writeFileSync(join(home, "rules", "decoders", "e2e_decoders.xml"), DECODERS);
  writeFileSync(join(home, "rules", "rules", "e2e_rules.xml"), RULES);
  writeFileSync(join(home, "etc", "authd.pass"), "e2e-password\n");
  const remotePort = await freePort();
  const authPort = await freePort();
  writeFileSync(join(home, "etc", "ossec.conf"), `<ossec_config>
  <global><jsonout_output>yes</jsonout_output><white_list>203.0.113.200</white_list></global>
  <remote><connection>secure</connection><port>${remotePort}</port><protocol>tcp</protocol><local_ip>127.0.0.1</local_ip></remote>
  <auth><port>${authPort}</port><use_password>yes</use_password></auth>
  <ruleset><decoder_dir>${join(home, "rules", "decoders")}</decoder_dir><rule_dir>${join(home, "rules", "rules")}</rule_dir></ruleset>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5763</rules_id><timeout>${timeoutSec}</timeout></active-response>
  <!-- no rule selects it (Wazuh: it still names a response for manual runs) -->
  <active-response><command>firewall-drop</command><location>local</location><timeout>3</timeout></active-response>
</ossec_config>
`);
  return { home, remotePort, authPort, password: "e2e-password" };
}

/**
 * A running manager (firewall-drop bound with `timeoutSec`) and the enrolled agent home `name`
 * reading `files`, whose firewall-drop is the recording script; `records()` reads what it ran.
 */
async function recordingScene(dir: string, logs: string, name: string, files: readonly string[], timeoutSec: number) {
  const m = await managerHome(dir, timeoutSec);
  spawnRiposte("manager", ["manager", "--home", m.home], logs);
  await waitForManager(m.home, 45_000);
  const home = makeAgentHome(dir, name, m, files);
  const bin = join(home, "active-response", "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "firewall-drop"), RECORDING_SCRIPT);
  chmodSync(join(bin, "firewall-drop"), 0o755);
  await enrollAgent(m, home, name, logs);
  const records = () => (existsSync(join(home, "record.log")) ? readFileSync(join(home, "record.log"), "utf8").split("\n").filter((l) => l !== "") : []);
  return { m, home, records };
}

test("e2e active response: add/check_keys/continue, repeat aborts, timeout deletes, whitelist does nothing", { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-ar-"));
  const logs = join(dir, "out");
  try {
    const file = join(dir, "auth.log");
    writeFileSync(file, "");
    const { m, home, records } = await recordingScene(dir, logs, "web-01", [file], 15);
    spawnRiposte("agent", ["agent", "--home", home], logs);
    await waitFor("the agent received ar.conf", () => existsSync(join(home, "etc", "shared", "ar.conf")), 20_000, 100);
    const attack = (ip: string) => appendFileSync(file, `Nov 29 10:00:00 web sshd[42]: Failed password for root from ${ip} port 4242 ssh2\n`);

    attack("203.0.113.5");
    await waitFor("the block", () => records().includes("ADD 203.0.113.5"), 20_000, 50);
    assert.deepEqual(records(), ["IN add 203.0.113.5 ", "REPLY continue 203.0.113.5", "ADD 203.0.113.5"]);
    const names = await runRiposte(["control", "--home", m.home, "-L"], logs, "names");
    assert.match(names.output, /Response name: firewall-drop15, command: firewall-drop/);
    await waitFor("the manager lists the active block", async () => {
      const out = (await runRiposte(["control", "--home", m.home, "-j", "--active"], logs, "active")).output;
      return out.includes('"key":"firewall-drop-203.0.113.5"');
    }, 10_000, 100);

    attack("203.0.113.5");
    await waitFor("the repeat", () => records().includes("REPLY abort 203.0.113.5"), 10_000, 50);
    await waitFor("the timeout's delete", () => records().includes("DELETE 203.0.113.5"), 30_000, 100);
    const log = readFileSync(join(home, "logs", "active-responses.log"), "utf8");
    assert.match(log, /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d active-response\/bin\/firewall-drop: Starting$/m);
    const add = log.split("\n").find((l) => l.includes('"command":"add"')) ?? "";
    const del = log.split("\n").find((l) => l.includes('"command":"delete"')) ?? "";
    assert.equal(del.replace(/^[^{]*/, "").replace('"command":"delete"', '"command":"add"'), add.replace(/^[^{]*/, ""), "delete carries the same alert");

    attack("203.0.113.200");
    attack("1.2.3.4;touch${IFS}/tmp/riposte-pwned");
    attack("$(reboot)");
    attack(`203.0.113.9${"A".repeat(10_000)}`);
    attack("203.0.113.6");
    await waitFor("the next block", () => records().includes("ADD 203.0.113.6"), 20_000, 50);
    assert.equal(records().some((l) => l.includes("203.0.113.200")), false, "whitelisted address: nothing ran");
    assert.deepEqual(records().filter((l) => l.startsWith("IN add")).map((l) => l.split(" ")[2]), ["203.0.113.5", "203.0.113.5", "203.0.113.6"], "hostile srcips ran nothing");
    assert.equal(existsSync("/tmp/riposte-pwned"), false);
    const db = new DatabaseSync(join(m.home, "queue", "responses.db"), { readOnly: true });
    const refused = db.prepare("SELECT count(*) AS n FROM ar_decisions WHERE decision = 'invalid' AND code = 'AR_INVALID_IP'").get() as { n: number };
    db.close();
    assert.equal(refused.n, 3, "each hostile alert was refused and recorded");
  } finally {
    await killAll();
    if (process.env.RIPOSTE_E2E_KEEP) process.stdout.write(`# kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
});

test("e2e active response: an offline agent gets its response when it reconnects; an expired one is dropped and recorded", { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-ar-"));
  const logs = join(dir, "out");
  try {
    const { m, home, records } = await recordingScene(dir, logs, "web-02", [], 60);
    const block = async (ip: string, name: string) => (await runRiposte(["control", "--home", m.home, "-j", "-b", ip, "-f", name, "-u", "001"], logs, "block")).output;

    assert.match(await block("203.0.113.7", "firewall-drop60"), /"decision":"queued"/, "queued for the never-connected agent");
    const agent = spawnRiposte("agent", ["agent", "--home", home], logs);
    await waitFor("the queued block after the agent connected", () => records().includes("ADD 203.0.113.7"), 20_000, 50);
    await kill(agent);
    await waitFor("the agent seen offline", async () => {
      const out = (await runRiposte(["control", "--home", m.home, "-j", "-l"], logs, "list")).output;
      return /"id":"001"[^}]*"status":"disconnected"/.test(out);
    }, 10_000, 100);

    assert.match(await block("203.0.113.8", "firewall-drop3"), /"decision":"queued"/);
    await new Promise((r) => setTimeout(r, 3_500));
    spawnRiposte("agent2", ["agent", "--home", home], logs);
    await waitFor("the lift of the first block while the agent is back", async () => {
      await runRiposte(["control", "--home", m.home, "--lift", "firewall-drop-203.0.113.7", "-u", "001"], logs, "lift");
      return records().includes("DELETE 203.0.113.7");
    }, 30_000, 500);
    const decisionOf = (ip: string) => {
      const db = new DatabaseSync(join(m.home, "queue", "responses.db"), { readOnly: true });
      try {
        return { ...(db.prepare("SELECT decision, code FROM ar_decisions WHERE srcip = ?").get(ip) as { decision: string; code: string }) };
      } finally {
        db.close();
      }
    };
    await waitFor("the expired response dropped once the agent is back", () => decisionOf("203.0.113.8").decision === "expired", 20_000, 200);
    assert.deepEqual(decisionOf("203.0.113.8"), { decision: "expired", code: "DISPATCH_EXPIRED" });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(records().some((l) => l.includes("203.0.113.8")), false, "the expired response never ran");
  } finally {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("e2e active response: 100 blocks, agent killed with SIGKILL, restarted after their timeouts: every delete within 5 s of start, none twice", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-ar-"));
  const logs = join(dir, "out");
  try {
    const file = join(dir, "auth.log");
    writeFileSync(file, "");
    const { home, records } = await recordingScene(dir, logs, "web-03", [file], 15);
    const agent = spawnRiposte("agent", ["agent", "--home", home], logs);
    await waitFor("the agent received ar.conf", () => existsSync(join(home, "etc", "shared", "ar.conf")), 20_000, 100);
    const ips = Array.from({ length: 100 }, (_, i) => `198.18.${Math.floor(i / 50)}.${(i % 50) + 1}`);
    const firstAt = Date.now();
    appendFileSync(file, ips.map((ip) => `Nov 29 10:00:00 web sshd[42]: Failed password for root from ${ip} port 4242 ssh2\n`).join(""));
    await waitFor("100 blocks", () => records().filter((l) => l.startsWith("ADD")).length === 100, 14_000, 50);
    await kill(agent, "SIGKILL");
    assert.equal(records().filter((l) => l.startsWith("DELETE")).length, 0);
    await new Promise((r) => setTimeout(r, Math.max(0, firstAt + 16_000 - Date.now())));
    const started = Date.now();
    const second = spawnRiposte("agent2", ["agent", "--home", home], logs);
    const deletes = () => records().filter((l) => l.startsWith("DELETE"));
    await waitFor("100 deletes", () => deletes().length >= 100, 15_000, 50);
    const done = Date.now();
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(deletes().length, 100, "none twice");
    assert.deepEqual(new Set(deletes()), new Set(ips.map((ip) => `DELETE ${ip}`)));
    // The execd's start is its first reconciliation line (Node's own start-up is not the execd's).
    const first = readFileSync(second.logFile, "utf8").split("\n").find((l) => l.includes("EXECD_RECONCILED")) ?? "";
    const execdStart = Date.parse(first.split(" ")[0] ?? "");
    assert.ok(Number.isFinite(execdStart), first);
    process.stdout.write(`# 100 overdue deletes after SIGKILL: done ${done - execdStart} ms after the execd started, ${done - started} ms after the process was spawned\n`);
    assert.ok(done - execdStart < 5_000, `took ${done - execdStart} ms`);
  } finally {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  }
});
