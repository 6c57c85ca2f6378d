// The file source under the real logrotate (Debian's logrotate 3.21), while a writer appends
// numbered lines the whole time, opening the file for each line (like a logger that reopens
// its file after a rotation):
// - rotation by rename (`nocreate`: the writer creates the new file): every line exactly once,
//   in order, across 5 rotations;
// - copytruncate: no line twice and the order kept, across 5 rotations; lines the writer adds
//   between logrotate's copy and its truncate are lost (inherent to copytruncate, Wazuh loses
//   them too), so at most one gap per rotation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { eventually, makeHarness } from "../../../../../test/harness/log_source_conformance.ts";
import { FileSource } from "./file_source.ts";

const run = promisify(execFile);

async function rotateWhileWriting(mode: "nocreate" | "copytruncate") {
  const h = makeHarness();
  const path = join(h.dir, "app.log");
  writeFileSync(path, "");
  const conf = join(h.dir, "logrotate.conf");
  writeFileSync(conf, `${path} {\n  rotate 20\n  ${mode}\n  missingok\n  nocompress\n}\n`);
  const source = new FileSource({ logFormat: "syslog", location: path }, h.ctx(), { pollMs: 50, lingerMs: 300 });
  const ac = new AbortController();
  const done = source.run(ac.signal);
  try {
    await eventually(() => source.stats().files === 1, "the file to be followed");
    let n = 0;
    const writer = setInterval(() => {
      for (let i = 0; i < 5; i++) appendFileSync(path, `line ${String(n++).padStart(6, "0")}\n`);
    }, 1);
    try {
      // Rotations 200 ms apart: the reader (50 ms poll) looks between two of them even on a
      // loaded machine (at most one rotation between two looks is the documented limit).
      for (let r = 0; r < 5; r++) {
        await sleep(200);
        await run("logrotate", ["--force", "--state", join(h.dir, "state"), conf]);
      }
      await sleep(60);
    } finally {
      clearInterval(writer);
    }
    const written = n;
    await eventually(() => (h.events.at(-1)?.log ?? "") === `line ${String(written - 1).padStart(6, "0")}`, "the last line", 15_000);
    await sleep(100);
    return { got: h.events.map((e) => Number(e.log.slice(5))), written, rotations: source.stats().rotations };
  } finally {
    // Also when logrotate is missing or a wait failed: stop the source so the test ends.
    ac.abort();
    await done;
    h.cleanup();
  }
}

test("FileSource under logrotate (rename): every line exactly once, in order, across 5 rotations", async () => {
  const { got, written, rotations } = await rotateWhileWriting("nocreate");
  assert.equal(got.length, written);
  assert.deepEqual(got, Array.from({ length: written }, (_, i) => i));
  assert.ok(rotations >= 5, `${rotations} rotations seen`);
});

test("FileSource under logrotate (copytruncate): no line twice, order kept, at most one gap per rotation", async () => {
  const { got, written, rotations } = await rotateWhileWriting("copytruncate");
  assert.ok(rotations >= 5, `${rotations} truncations seen`);
  for (let i = 1; i < got.length; i++) assert.ok((got[i] ?? 0) > (got[i - 1] ?? 0), `order/duplicate at ${i}: ${got[i - 1]} then ${got[i]}`);
  let gaps = 0;
  for (let i = 1; i < got.length; i++) if ((got[i] ?? 0) !== (got[i - 1] ?? 0) + 1) gaps++;
  process.stdout.write(`# copytruncate under a busy writer: ${written - got.length} of ${written} lines lost in ${gaps} gaps (copy-to-truncate windows)\n`);
  assert.ok(gaps <= 5, `${gaps} gaps`);
  assert.equal(got.at(-1), written - 1);
});
