// End to end with real processes: numbered lines keep flowing while the watched file is
// rotated by rename (logrotate's default: the old file moves away, a new one is created) and
// by copytruncate (copied, then truncated in place). Every line is analysed exactly once.
// Around copytruncate the writer pauses: a line written between the copy and the truncation
// is lost by any tailer (it is in neither file's future), so that is not what is tested.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { enrollAgent, killAll, makeAgentHome, makeManagerHome, spawnRiposte, storedSeqNumbers, waitForManager } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("e2e: rotation by rename and by copytruncate while lines flow: every line analysed exactly once", { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-"));
  const logs = join(dir, "out");
  let writer: NodeJS.Timeout | undefined;
  try {
    const m = await makeManagerHome(dir);
    spawnRiposte("manager", ["manager", "--home", m.home], logs);
    await waitForManager(m.home);
    const file = join(dir, "app.log");
    writeFileSync(file, "");
    const home = makeAgentHome(dir, "app-01", m, [file]);
    await enrollAgent(m, home, "app-01", logs);
    spawnRiposte("agent", ["agent", "--home", home], logs);
    let n = 0;
    const write = () => appendFileSync(file, `Nov 29 10:00:00 app prog[1]: e2e-line seq ${n++}\n`);
    writer = setInterval(write, 5);
    await waitFor("first lines analysed", () => storedSeqNumbers(m.home).length > 20, 20_000, 100);
    renameSync(file, `${file}.1`);
    writeFileSync(file, "");
    await sleep(1500);
    clearInterval(writer);
    await sleep(1000);
    copyFileSync(file, `${file}.2`);
    truncateSync(file, 0);
    writer = setInterval(write, 5);
    await sleep(1500);
    clearInterval(writer);
    writer = undefined;
    const total = n;
    await waitFor(`${total} stored alerts`, () => storedSeqNumbers(m.home).length >= total, 30_000, 250).catch((error: unknown) => {
      const got = new Set(storedSeqNumbers(m.home));
      throw new Error(`${String(error)}; missing: ${Array.from({ length: total }, (_, i) => i).filter((i) => !got.has(i)).slice(0, 30).join(",")}`);
    });
    await sleep(500);
    const stored = storedSeqNumbers(m.home).sort((a, b) => a - b);
    assert.deepEqual(stored, Array.from({ length: total }, (_, i) => i));
    process.stdout.write(`# ${total} lines through a rename rotation and a copytruncate: none lost, none analysed twice\n`);
  } finally {
    if (writer) clearInterval(writer);
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  }
});
