// End to end with real processes: numbered lines keep flowing into an agent's watched file
// while the manager is killed with SIGKILL and restarted a few seconds later, and while the
// agent is killed with SIGKILL and restarted. Every line must be analysed exactly once:
// exactly one stored alert per line (the store is written in the same transaction that
// consumes the intake journal), and every line present in alerts.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { kill, killAll, makeAgentHome, makeManagerHome, readAlerts, runRiposte, spawnRiposte, waitForManager } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function storedNumbers(managerHome: string): number[] {
  const db = new DatabaseSync(join(managerHome, "queue", "analysis.db"), { readOnly: true });
  try {
    const rows = db.prepare("SELECT json FROM alerts WHERE rule_id = '100010'").all() as { json: string }[];
    return rows.map((r) => Number(/seq (\d+)$/.exec((JSON.parse(r.json) as { full_log: string }).full_log)?.[1] ?? -1));
  } finally {
    db.close();
  }
}

test("e2e: lines keep flowing through manager SIGKILL + restart and agent SIGKILL + restart, each analysed exactly once", { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-"));
  const logs = join(dir, "out");
  let writer: NodeJS.Timeout | undefined;
  let failed = false;
  try {
    const m = await makeManagerHome(dir);
    const managerArgs = ["manager", "--home", m.home];
    let manager = spawnRiposte("manager-1", managerArgs, logs);
    await waitForManager(m.home);
    const file = join(dir, "app.log");
    writeFileSync(file, "");
    const home = makeAgentHome(dir, "app-01", m, [file]);
    const r = await runRiposte(["enroll", "--manager", `127.0.0.1:${m.authPort}`, "--password", m.password, "--name", "app-01", "--home", home], logs, "enroll");
    assert.equal(r.code, 0, r.output);
    let agent = spawnRiposte("agent-1", ["agent", "--home", home], logs);
    let n = 0;
    await sleep(1500);
    writer = setInterval(() => appendFileSync(file, `Nov 29 10:00:00 app prog[1]: e2e-line seq ${n++}\n`), 5);
    await sleep(1000);
    await kill(manager, "SIGKILL");
    rmSync(join(m.home, "var", "run", "ports.json"), { force: true });
    await sleep(3000);
    manager = spawnRiposte("manager-2", managerArgs, logs);
    await waitForManager(m.home);
    await sleep(1000);
    await kill(agent, "SIGKILL");
    await sleep(1000);
    agent = spawnRiposte("agent-2", ["agent", "--home", home], logs);
    await sleep(1500);
    clearInterval(writer);
    writer = undefined;
    const total = n;
    await waitFor(`${total} stored alerts`, () => storedNumbers(m.home).length >= total, 40_000, 250).catch((error: unknown) => {
      const got = new Set(storedNumbers(m.home));
      const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !got.has(i));
      failed = true;
      throw new Error(`${String(error)}; stored ${got.size}, missing ${missing.length}: ${missing.slice(0, 20).join(",")}… (logs kept in ${logs})`);
    });
    await sleep(500);
    const stored = storedNumbers(m.home).sort((a, b) => a - b);
    assert.deepEqual(stored, Array.from({ length: total }, (_, i) => i), "every line stored exactly once");
    const inFile = new Set(readAlerts(m.home).map((a) => a.full_log));
    const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !inFile.has(`Nov 29 10:00:00 app prog[1]: e2e-line seq ${i}`));
    assert.deepEqual(missing, [], "every line in alerts.json");
    process.stdout.write(`# ${total} lines through one manager crash and one agent crash: none lost, none analysed twice\n`);
    await kill(agent);
    await kill(manager);
  } finally {
    if (writer) clearInterval(writer);
    await killAll();
    if (!failed || process.env["CI"]) rmSync(dir, { recursive: true, force: true });
  }
});
