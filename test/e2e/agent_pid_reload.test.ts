// End to end with real processes: `riposte manager` and `riposte agent` write their pid
// files and remove them at a clean stop; SIGHUP on the agent reloads its configuration (a
// new <localfile> starts being read, a broken configuration is rejected and the agent runs
// on); enrollment sets up HOME/active-response/bin with the built-in launchers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { kill, killAll, makeAgentHome, makeManagerHome, readAlerts, runRiposte, spawnRiposte, waitForManager } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";

const LAUNCHERS = resolve(import.meta.dirname, "..", "..", "active-response", "bin");
const pidOf = (home: string, daemon: string) => join(home, "var", "run", `riposte-${daemon}.pid`);

test("e2e: pid files while running, SIGHUP reloads the agent's configuration, enroll installs the launchers", { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-"));
  const logs = join(dir, "out");
  try {
    const m = await makeManagerHome(dir);
    const manager = spawnRiposte("manager", ["manager", "--home", m.home], logs);
    await waitForManager(m.home);
    await waitFor("manager pid file", () => existsSync(pidOf(m.home, "manager")), 10_000, 50);
    assert.equal(readFileSync(pidOf(m.home, "manager"), "utf8").trim(), String(manager.child.pid));

    const first = join(dir, "first.log");
    const second = join(dir, "second.log");
    writeFileSync(first, "");
    writeFileSync(second, "");
    const home = makeAgentHome(dir, "agent", m, [first]);
    const enrolled = await runRiposte(["enroll", "--manager", `127.0.0.1:${m.authPort}`, "--password", m.password, "--name", "pid-01", "--home", home], logs, "enroll");
    assert.equal(enrolled.code, 0, enrolled.output);
    const bin = join(home, "active-response", "bin");
    assert.deepEqual(readdirSync(bin).sort(), readdirSync(LAUNCHERS).sort());
    assert.ok(lstatSync(join(bin, "firewall-drop")).isSymbolicLink(), "a link: the launcher finds the checkout's Node by its real path");
    assert.equal(readlinkSync(join(bin, "firewall-drop")), join(LAUNCHERS, "firewall-drop"));

    const agent = spawnRiposte("agent", ["agent", "--home", home], logs);
    await waitFor("agent pid file", () => existsSync(pidOf(home, "agent")), 15_000, 50);
    assert.equal(readFileSync(pidOf(home, "agent"), "utf8").trim(), String(agent.child.pid));
    const line = (file: string, text: string) => appendFileSync(file, `Nov 29 10:00:00 host prog[1]: ${text}\n`);
    line(first, "e2e-line before reload");
    await waitFor("alert from the first file", () => readAlerts(m.home).some((a) => a.full_log?.includes("before reload")), 20_000, 100);

    const conf = join(home, "etc", "ossec.conf");
    const good = readFileSync(conf, "utf8");
    writeFileSync(conf, good.replace("<client>", "<client><bogus_option>1</bogus_option>"));
    agent.child.kill("SIGHUP");
    await waitFor("bad configuration rejected", () => /reload rejected: the new configuration has errors/.test(readFileSync(agent.logFile, "utf8")), 10_000, 50);
    assert.equal(agent.child.exitCode, null, "SIGHUP does not end the agent");

    writeFileSync(conf, good.replace("</client>", `</client>\n  <localfile><log_format>syslog</log_format><location>${second}</location><only-future-events>no</only-future-events></localfile>`));
    agent.child.kill("SIGHUP");
    await waitFor("configuration reloaded", () => /configuration reloaded/.test(readFileSync(agent.logFile, "utf8")), 15_000, 50);
    line(second, "e2e-line after reload");
    await waitFor("alert from the file added by the reload", () => readAlerts(m.home).some((a) => a.full_log?.includes("after reload")), 20_000, 100);
    assert.equal(readFileSync(pidOf(home, "agent"), "utf8").trim(), String(agent.child.pid), "same process");

    await kill(agent);
    assert.equal(existsSync(pidOf(home, "agent")), false, "removed at a clean stop");
    await kill(manager);
    assert.equal(existsSync(pidOf(m.home, "manager")), false);
  } finally {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  }
});
