// End to end with real processes: one manager and two enrolled agents on 127.0.0.1; lines
// appended to the agents' watched files become alerts in alerts.json with the right agent
// and Wazuh location (alerts carry "(name) ip->path", the engine strips the "[id] " prefix); `riposte control -l` lists both as active.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { enrollAgent, killAll, makeAgentHome, makeManagerHome, readAlerts, runRiposte, spawnRiposte, waitForManager } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";

test("e2e: manager + two agents, appended lines become alerts with the right agent and location", { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-"));
  const logs = join(dir, "out");
  try {
    const m = await makeManagerHome(dir);
    const manager = spawnRiposte("manager", ["manager", "--home", m.home], logs);
    await waitForManager(m.home);
    const files = [join(dir, "web.log"), join(dir, "db.log")];
    for (const f of files) writeFileSync(f, "");
    const names = ["web-01", "db-01"];
    for (const [i, name] of names.entries()) {
      const home = makeAgentHome(dir, name, m, [files[i] as string]);
      await enrollAgent(m, home, name, logs);
      spawnRiposte(name, ["agent", "--home", home], logs);
    }
    const list = async () => (await runRiposte(["control", "--home", m.home, "-j", "-l"], logs, "control")).output;
    await waitFor("both agents active", async () => {
      const out = await list();
      return out.includes('"name":"web-01"') && (JSON.parse(out) as { data: { status: string }[] }).data.filter((a) => a.status === "active").length === 3;
    }, 20_000, 200);
    const started = Date.now();
    for (let n = 0; n < 20; n++) {
      appendFileSync(files[0] as string, `Nov 29 10:00:00 web sshd[1]: e2e-line web ${n}\n`);
      appendFileSync(files[1] as string, `Nov 29 10:00:00 db sshd[1]: e2e-line db ${n}\n`);
    }
    await waitFor("40 alerts", () => readAlerts(m.home).length >= 40, 15_000, 50);
    const elapsed = Date.now() - started;
    const alerts = readAlerts(m.home);
    assert.equal(alerts.length, 40);
    const web = alerts.filter((a) => a.agent.name === "web-01");
    assert.equal(web.length, 20);
    assert.equal(web[0]?.agent.id, "001");
    assert.equal(web[0]?.rule.id, "100010");
    assert.equal(web[0]?.location, `(web-01) 127.0.0.1->${files[0]}`);
    assert.deepEqual(web.map((a) => a.full_log), Array.from({ length: 20 }, (_, n) => `Nov 29 10:00:00 web sshd[1]: e2e-line web ${n}`));
    const db = alerts.filter((a) => a.agent.name === "db-01");
    assert.equal(db[0]?.location, `(db-01) 127.0.0.1->${files[1]}`);
    process.stdout.write(`# append-to-alerts for 40 lines: ${elapsed} ms\n`);
    const delays: number[] = [];
    for (let k = 0; k < 30; k++) {
      const before = readAlerts(m.home).length;
      const t = performance.now();
      appendFileSync(files[k % 2] as string, `Nov 29 10:00:00 web sshd[1]: e2e-line single ${k}\n`);
      await waitFor("the alert of one line", () => readAlerts(m.home).length > before, 5000, 2);
      delays.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
    delays.sort((a, b) => a - b);
    const p99 = delays[Math.floor(delays.length * 0.99)] ?? 0;
    process.stdout.write(`# light load, append to alert in alerts.json: p50 ${(delays[15] ?? 0).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms\n`);
    assert.ok(p99 < 1000, "an alert within a second of its line, even on a busy CI machine");
    const stopAt = Date.now();
    manager.child.kill("SIGTERM");
    assert.equal(await manager.exited, 0, "SIGTERM is a clean shutdown, agents still connected");
    assert.ok(Date.now() - stopAt < 5000);
  } finally {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  }
});
