// End to end with a real manager process: SIGHUP reloads configuration and rules. A broken
// configuration, then a broken rule file, are rejected with their diagnostics logged and
// the running rules keep producing alerts; a good new rule file takes effect.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kill, killAll, makeManagerHome, readAlerts, spawnRiposte, waitForManager } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";

test("e2e: SIGHUP rejects a bad configuration or ruleset and keeps running; a good one takes effect", { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-"));
  const logs = join(dir, "out");
  try {
    const file = join(dir, "local.log");
    writeFileSync(file, "");
    const m = await makeManagerHome(dir, [file]);
    const conf = join(m.home, "etc", "ossec.conf");
    const good = readFileSync(conf, "utf8");
    const manager = spawnRiposte("manager", ["manager", "--home", m.home], logs);
    await waitForManager(m.home);
    await new Promise((r) => setTimeout(r, 500));
    const line = (text: string) => appendFileSync(file, `Nov 29 10:00:00 host prog[1]: ${text}\n`);
    const hup = async (expect: RegExp) => {
      manager.child.kill("SIGHUP");
      await waitFor(`log ${expect}`, () => expect.test(readFileSync(manager.logFile, "utf8")), 10_000, 50);
    };
    line("e2e-line one");
    await waitFor("first alert", () => readAlerts(m.home).length === 1);

    writeFileSync(conf, good.replace("</remote>", "</remote><remote><port>not-a-port</port></remote>"));
    await hup(/reload rejected: the new configuration has errors/);
    assert.match(readFileSync(manager.logFile, "utf8"), /ossec\.conf:\d+:\d+: error CFG_/);
    line("e2e-line two");
    await waitFor("second alert with the old rules", () => readAlerts(m.home).length === 2);

    writeFileSync(conf, good);
    const rules = join(m.home, "rules", "rules", "more_rules.xml");
    writeFileSync(rules, `<group name="e2e,"><rule id="100011" level="6"><match>reloaded-line</match><description>new</rule></group>`);
    await hup(/reload rejected; the running configuration is kept/);
    line("e2e-line three");
    await waitFor("third alert", () => readAlerts(m.home).length === 3);

    writeFileSync(rules, `<group name="e2e,"><rule id="100011" level="6"><match>reloaded-line</match><description>added by reload</description></rule></group>\n`);
    await hup(/configuration reloaded/);
    line("reloaded-line four");
    await waitFor("alert of the new rule", () => readAlerts(m.home).some((a) => a.rule.id === "100011"));
    assert.equal(manager.child.exitCode, null, "still running");
    await kill(manager);
  } finally {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  }
});
