// End to end with real processes: `riposte manager` with Riposte's own ruleset (ruleset/) and
// one enrolled `riposte agent` whose <syscheck> watches a temp directory with realtime="yes".
// The first scan builds the baseline silently (the agent logs its end; the file already there
// gives no alert). Then a file created, modified and deleted there gives rules 554, 550 and
// 553 in alerts.json with its syscheck.path and the agent, each within one second of the
// filesystem operation (measured by polling alerts.json from just before the operation).
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { enrollAgent, killAll, makeAgentHome, makeManagerHome, readAlerts, runRiposte, spawnRiposte, waitForManager } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";

/** Issue 4: "create, modify, delete under a watched directory give 554, 550, 553 within one second". */
const WITHIN_MS = 1000;

test("e2e FIM realtime: create, modify, delete give rules 554, 550, 553 with the path and agent, each within one second", { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-fim-"));
  const logs = join(dir, "out");
  try {
    const m = await makeManagerHome(dir, [], { ruleset: "riposte" });
    spawnRiposte("manager", ["manager", "--home", m.home], logs);
    await waitForManager(m.home, 45_000);
    const watched = join(dir, "watched");
    mkdirSync(watched);
    writeFileSync(join(watched, "present-at-baseline.conf"), "baseline\n");
    const home = makeAgentHome(dir, "fim-01", m, [], m.remotePort, { realtimeDirs: [watched] });
    await enrollAgent(m, home, "fim-01", logs);
    const agent = spawnRiposte("agent", ["agent", "--home", home], logs);
    await waitFor("the baseline scan", () => readFileSync(agent.logFile, "utf8").includes("File integrity monitoring scan ended"), 30_000, 50);
    await waitFor("the agent active", async () => {
      const out = (await runRiposte(["control", "--home", m.home, "-j", "-l"], logs, "control")).output;
      return (JSON.parse(out) as { data: { name: string; status: string }[] }).data.some((a) => a.name === "fim-01" && a.status === "active");
    }, 30_000, 200);
    const file = join(watched, "new.conf");
    const steps = [
      { rule: "554", event: "added", act: () => writeFileSync(file, "one\n") },
      { rule: "550", event: "modified", act: () => appendFileSync(file, "two\n") },
      { rule: "553", event: "deleted", act: () => rmSync(file) },
    ];
    const delays: number[] = [];
    for (const step of steps) {
      const before = readAlerts(m.home).length;
      const t = performance.now();
      step.act();
      await waitFor(`rule ${step.rule} (${step.event})`, () => readAlerts(m.home).slice(before).some((a) => a.rule.id === step.rule), 10_000, 5);
      delays.push(performance.now() - t);
      const alert = readAlerts(m.home).slice(before).find((a) => a.rule.id === step.rule);
      assert.equal(alert?.syscheck?.["path"], file, `rule ${step.rule} names the file`);
      assert.equal(alert?.syscheck?.["event"], step.event);
      assert.equal(alert?.syscheck?.["mode"], "realtime");
      assert.deepEqual([alert?.agent.id, alert?.agent.name], ["001", "fim-01"]);
    }
    process.stdout.write(`# FIM realtime, operation to alert in alerts.json: ${steps.map((s, i) => `${s.event} ${(delays[i] ?? 0).toFixed(0)} ms`).join(", ")}\n`);
    const fim = readAlerts(m.home).filter((a) => a.syscheck !== undefined);
    assert.deepEqual(fim.map((a) => a.rule.id), ["554", "550", "553"], "no alert for the baseline (no storm), one per operation");
    for (const [i, d] of delays.entries()) assert.ok(d < WITHIN_MS, `${steps[i]?.event}: ${d.toFixed(0)} ms from the operation to its alert`);
  } finally {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  }
});
