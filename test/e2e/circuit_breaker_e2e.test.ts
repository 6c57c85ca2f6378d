// End to end with a real `riposte manager` (its local agent 000 runs the responses and
// collects its own active-responses.log), Riposte's own ruleset and a recording script in
// place of firewall-drop: with a breaker of 2 responses per window, failed logins from 5
// addresses block the first 2 only; the rest become dry-runs; the breaker-open line comes
// back as an event and rule 662 alerts; `riposte control --breaker` shows it open,
// `--breaker-reset` closes it, and the next attacker is blocked again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, killAll, runRiposte, spawnRiposte, waitForManager } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";
import { RECORDING_SCRIPT } from "../harness/ar_home.ts";

const RULESET = resolve(import.meta.dirname, "..", "..", "ruleset");

test("e2e circuit breaker: trips at its limit, alerts (rule 662), shown and reset by riposte control", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-breaker-"));
  const logs = join(dir, "out");
  try {
    const home = join(dir, "manager");
    const bin = join(home, "active-response", "bin");
    mkdirSync(bin, { recursive: true });
    mkdirSync(join(home, "etc"), { recursive: true });
    writeFileSync(join(bin, "firewall-drop"), RECORDING_SCRIPT);
    chmodSync(join(bin, "firewall-drop"), 0o755);
    writeFileSync(join(home, "etc", "authd.pass"), "e2e-password\n");
    const auth = join(dir, "auth.log");
    writeFileSync(auth, "");
    writeFileSync(join(home, "etc", "ossec.conf"), `<ossec_config>
  <global><jsonout_output>yes</jsonout_output><ar_max_per_window>2</ar_max_per_window><ar_breaker_window>600</ar_breaker_window></global>
  <remote><connection>secure</connection><port>${await freePort()}</port><protocol>tcp</protocol><local_ip>127.0.0.1</local_ip></remote>
  <auth><port>${await freePort()}</port><use_password>yes</use_password></auth>
  <ruleset><decoder_dir>${join(RULESET, "decoders")}</decoder_dir><rule_dir>${join(RULESET, "rules")}</rule_dir></ruleset>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>server</location><rules_id>5760</rules_id><timeout>600</timeout></active-response>
  <localfile><log_format>syslog</log_format><location>${auth}</location></localfile>
  <localfile><log_format>syslog</log_format><location>logs/active-responses.log</location></localfile>
</ossec_config>
`);
    spawnRiposte("manager", ["manager", "--home", home], logs);
    await waitForManager(home);
    const records = () => (existsSync(join(home, "record.log")) ? readFileSync(join(home, "record.log"), "utf8").split("\n").filter((l) => l.startsWith("ADD ")) : []);
    const alerts = () => (existsSync(join(home, "logs", "alerts", "alerts.json")) ? readFileSync(join(home, "logs", "alerts", "alerts.json"), "utf8") : "");
    const attack = (ip: string) => appendFileSync(auth, `Nov 29 10:00:00 bastion sshd[42]: Failed password for root from ${ip} port 4242 ssh2\n`);
    // The local agent starts tailing at the end of the file: wait until it reads it.
    await waitFor("the local agent reads auth.log", () => {
      appendFileSync(auth, "Nov 29 09:59:00 bastion sshd[41]: Accepted publickey for alice from 10.0.0.1 port 4000 ssh2\n");
      return alerts().includes('"id":"5715"');
    }, 30_000, 500);
    for (let i = 1; i <= 5; i++) attack(`203.0.113.${i}`);
    await waitFor("the breaker alert (rule 662)", () => alerts().includes('"id":"662"'), 40_000, 100);
    await waitFor("the two blocks", () => records().length === 2, 20_000, 100);
    // The two responses run side by side: which script writes its line first is not ordered.
    assert.deepEqual(records().sort(), ["ADD 203.0.113.1", "ADD 203.0.113.2"]);
    await waitFor("three breaker dry-runs alert (rule 661)", () => alerts().split('"id":"661"').length - 1 === 3, 20_000, 100);
    const shown = await runRiposte(["control", "--home", home, "-j", "--breaker"], logs, "breaker");
    const state = JSON.parse(shown.output) as { data: { open: boolean; scopes: { scope: string; open: boolean; suppressed: number }[] } };
    assert.deepEqual(state.data.scopes.map((s) => [s.scope, s.open, s.suppressed]), [["*", true, 3]]);
    const text = await runRiposte(["control", "--home", home, "--breaker-reset"], logs, "reset");
    assert.match(text.output, /all\s+2\s+0\s+closed/);
    attack("203.0.113.9");
    await waitFor("a block after the reset", () => records().includes("ADD 203.0.113.9"), 20_000, 100);
    await waitFor("the breaker-closed alert (rule 663)", () => alerts().includes('"id":"663"'), 20_000, 100);
  } finally {
    await killAll();
    if (process.env.RIPOSTE_E2E_KEEP) process.stdout.write(`# kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
});
