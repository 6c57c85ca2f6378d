import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, mkdirSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { systemClock } from "../../../../core/mod.ts";
import { eventually, makeHarness, runLogSourceConformance, type Harness } from "../../../../../test/harness/log_source_conformance.ts";
import type { LocalfileSpec } from "../../localfile_spec.ts";
import { FileSource } from "./file_source.ts";

const OPTIONS = { pollMs: 50, lingerMs: 200 };

runLogSourceConformance({
  name: "file (syslog)",
  resumes: true,
  setup: async (dir) => writeFileSync(join(dir, "app.log"), ""),
  create: (ctx, dir) => new FileSource({ logFormat: "syslog", location: join(dir, "app.log") }, ctx, OPTIONS),
  ready: async (source) => eventually(() => source.stats().files === 1, "the file to be followed"),
  produce: async (dir, messages) => appendFileSync(join(dir, "app.log"), messages.map((m) => `${m}\n`).join("")),
  produceBad: async (dir) => appendFileSync(join(dir, "app.log"), "binary\0garbage\n"),
  expectedLog: (m) => m,
});

runLogSourceConformance({
  name: "file (json)",
  resumes: true,
  setup: async (dir) => writeFileSync(join(dir, "app.json"), ""),
  create: (ctx, dir) => new FileSource({ logFormat: "json", location: join(dir, "*.json") }, ctx, OPTIONS),
  ready: async (source) => eventually(() => source.stats().files === 1, "the file to be followed"),
  produce: async (dir, messages) => appendFileSync(join(dir, "app.json"), messages.map((m) => `${JSON.stringify({ msg: m })}\n`).join("")),
  produceBad: async (dir) => appendFileSync(join(dir, "app.json"), "{not json\n[1,2]\n"),
  expectedLog: (m) => JSON.stringify({ msg: m }),
});

runLogSourceConformance({
  name: "file (multi-line:2)",
  resumes: true,
  setup: async (dir) => writeFileSync(join(dir, "app.log"), ""),
  create: (ctx, dir) => new FileSource({ logFormat: "multi-line", multiLineCount: 2, location: join(dir, "app.log") }, ctx, OPTIONS),
  ready: async (source) => eventually(() => source.stats().files === 1, "the file to be followed"),
  produce: async (dir, messages) => appendFileSync(join(dir, "app.log"), messages.map((m) => `${m}\n  continued\n`).join("")),
  produceBad: async (dir) => appendFileSync(join(dir, "app.log"), "bin\0ary\nbin\0ary\n"),
  expectedLog: (m) => `${m}   continued`,
});

interface Running {
  source: FileSource;
  stop(): Promise<void>;
}

async function follow(h: Harness, spec: Partial<LocalfileSpec> & { location: string }, options = OPTIONS): Promise<Running> {
  const source = new FileSource({ logFormat: "syslog", ...spec }, h.ctx(), options);
  const ac = new AbortController();
  const done = source.run(ac.signal);
  await eventually(() => source.stats().files > 0 || !spec.location.includes("app"), "initial discovery", 2000).catch(() => {});
  return {
    source,
    stop: async () => {
      ac.abort();
      await done;
    },
  };
}

const logs = (h: Harness) => h.events.map((e) => e.log);

test("FileSource follows appends within milliseconds (fs.watch), and waits for a partial line's newline", async () => {
  const h = makeHarness();
  const path = join(h.dir, "app.log");
  writeFileSync(path, "old line\n");
  const run = await follow(h, { location: path }, { pollMs: 5000, lingerMs: 200 });
  try {
    const latencies: number[] = [];
    let t0 = 0;
    const collect = h.sink;
    h.sink = async (e, commit) => {
      latencies.push(performance.now() - t0);
      await collect(e, commit);
    };
    for (let i = 0; i < 50; i++) {
      t0 = performance.now();
      appendFileSync(path, `line ${i}\n`);
      await eventually(() => h.events.length === i + 1, `line ${i}`, 2000);
    }
    h.sink = collect;
    latencies.sort((a, b) => a - b);
    const p50 = latencies[25] ?? 0;
    const p99 = latencies[49] ?? 0;
    process.stdout.write(`# append-to-sink latency with fs.watch (poll 5 s), 50 appends: p50 ${p50.toFixed(2)} ms, max ${p99.toFixed(2)} ms\n`);
    assert.ok(p99 < 1000, "fs.watch, not the 5 s poll, delivered every line");
    appendFileSync(path, "half a li");
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(h.events.length, 50, "a partial line is not delivered");
    appendFileSync(path, "ne\n");
    await eventually(() => h.events.length === 51, "the completed line");
    assert.equal(logs(h).at(-1), "half a line");
    assert.ok(!logs(h).includes("old line"), "only-future-events: existing content skipped at first start");
  } finally {
    await run.stop();
    h.cleanup();
  }
});

test("FileSource with only-future-events=no reads existing content at first start", async () => {
  const h = makeHarness();
  const path = join(h.dir, "app.log");
  writeFileSync(path, "one\ntwo\n");
  const run = await follow(h, { location: path, onlyFutureEvents: false });
  try {
    await eventually(() => h.events.length === 2, "existing lines");
    assert.deepEqual(h.events, [
      { location: path, log: "one", queue: "1" },
      { location: path, log: "two", queue: "1" },
    ]);
  } finally {
    await run.stop();
    h.cleanup();
  }
});

test("FileSource finishes a renamed file, then reads the new one from its start", async () => {
  const h = makeHarness();
  const path = join(h.dir, "app.log");
  writeFileSync(path, "");
  const run = await follow(h, { location: path });
  try {
    appendFileSync(path, "a1\na2\n");
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, "a3 late write by the old writer\n");
    writeFileSync(path, "b1\n");
    await eventually(() => h.events.length === 4, "4 lines");
    assert.deepEqual(logs(h), ["a1", "a2", "a3 late write by the old writer", "b1"]);
    assert.ok(run.source.stats().rotations >= 1);
  } finally {
    await run.stop();
    h.cleanup();
  }
});

test("FileSource detects copytruncate and recovers the unread tail from the copy", async () => {
  const h = makeHarness();
  const path = join(h.dir, "app.log");
  writeFileSync(path, "");
  const run = await follow(h, { location: path });
  try {
    appendFileSync(path, "a1\n");
    await eventually(() => h.events.length === 1, "a1");
    appendFileSync(path, "a2 unread at rotation\n");
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    appendFileSync(path, "b1 longer than everything before it, so size alone cannot tell\n");
    await eventually(() => h.events.length === 3, "3 lines");
    assert.deepEqual(logs(h), ["a1", "a2 unread at rotation", "b1 longer than everything before it, so size alone cannot tell"]);
  } finally {
    await run.stop();
    h.cleanup();
  }
});

test("FileSource handles truncation in place, deletion and re-creation", async () => {
  const h = makeHarness();
  const path = join(h.dir, "app.log");
  writeFileSync(path, "");
  const run = await follow(h, { location: path });
  try {
    appendFileSync(path, "x1\nx2\n");
    await eventually(() => h.events.length === 2, "x lines");
    truncateSync(path, 0);
    appendFileSync(path, "y\n");
    await eventually(() => h.events.length === 3, "line after truncation");
    appendFileSync(path, "z unread when deleted\n");
    rmSync(path);
    await new Promise((r) => setTimeout(r, 120));
    writeFileSync(path, "w\n");
    await eventually(() => h.events.length === 5, "lines after re-creation");
    assert.deepEqual(logs(h), ["x1", "x2", "y", "z unread when deleted", "w"]);
  } finally {
    await run.stop();
    h.cleanup();
  }
});

test("FileSource picks up new files matching a wildcard, from their start", async () => {
  const h = makeHarness();
  mkdirSync(join(h.dir, "logs"));
  writeFileSync(join(h.dir, "logs", "a.log"), "existing\n");
  const run = await follow(h, { location: join(h.dir, "logs", "*.log") });
  try {
    await eventually(() => run.source.stats().files === 1, "a.log");
    writeFileSync(join(h.dir, "logs", "b.log"), "b first\n");
    writeFileSync(join(h.dir, "logs", "c.txt"), "not matched\n");
    appendFileSync(join(h.dir, "logs", "a.log"), "a next\n");
    await eventually(() => h.events.length === 2, "2 lines");
    assert.deepEqual(new Set(h.events.map((e) => `${e.location.slice(h.dir.length)}:${e.log}`)), new Set(["/logs/a.log:a next", "/logs/b.log:b first"]));
  } finally {
    await run.stop();
    h.cleanup();
  }
});

test("FileSource caps very long lines and counts them", async () => {
  const h = makeHarness();
  const path = join(h.dir, "app.log");
  writeFileSync(path, "");
  const run = await follow(h, { location: path }, { ...OPTIONS, maxLineBytes: 100 } as typeof OPTIONS);
  try {
    appendFileSync(path, `${"é".repeat(80)}\nshort\n${"x".repeat(250)}`);
    await eventually(() => h.events.length === 3, "3 events");
    appendFileSync(path, "tail of the long line\nafter\n");
    await eventually(() => h.events.length === 4, "line after the long one");
    assert.equal(Buffer.byteLength(logs(h)[0] ?? ""), 100);
    assert.equal(logs(h)[1], "short");
    assert.equal(logs(h)[2], "x".repeat(100));
    assert.equal(logs(h)[3], "after");
    assert.equal(run.source.stats().truncated, 2);
  } finally {
    await run.stop();
    h.cleanup();
  }
});

test("FileSource resumes after a restart across a rotation that happened while it was down", async () => {
  const h = makeHarness();
  const path = join(h.dir, "app.log");
  writeFileSync(path, "");
  let run = await follow(h, { location: path });
  appendFileSync(path, "a1\n");
  await eventually(() => h.events.length === 1, "a1");
  await run.stop();
  appendFileSync(path, "a2 written while down\n");
  renameSync(path, `${path}.1`);
  writeFileSync(path, "b1\n");
  appendFileSync(path, "b2\n");
  run = await follow(h, { location: path });
  try {
    await eventually(() => h.events.length === 4, "4 lines");
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(logs(h), ["a1", "a2 written while down", "b1", "b2"]);
  } finally {
    await run.stop();
    h.cleanup();
  }
});

test("FileSource follows a dated location (%Y-%m-%d) to the next day's file and finishes the old one", async () => {
  let now = new Date(2026, 2, 5, 23, 59, 0).getTime();
  const h = makeHarness({ now: () => now, setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms) });
  const day1 = join(h.dir, "app-2026-03-05.log");
  const day2 = join(h.dir, "app-2026-03-06.log");
  writeFileSync(day1, "");
  const source = new FileSource({ logFormat: "syslog", location: join(h.dir, "app-%Y-%m-%d.log") }, h.ctx(), OPTIONS);
  const ac = new AbortController();
  const done = source.run(ac.signal);
  try {
    await eventually(() => source.stats().files === 1, "day 1 file");
    appendFileSync(day1, "before midnight\n");
    await eventually(() => h.events.length === 1, "day 1 line");
    now = new Date(2026, 2, 6, 0, 0, 1).getTime();
    writeFileSync(day2, "after midnight\n");
    appendFileSync(day1, "late write to yesterday\n");
    await eventually(() => h.events.length === 3, "day 2 line and the late line");
    assert.deepEqual(new Set(h.events.map((e) => `${e.location.slice(h.dir.length + 1)}: ${e.log}`)), new Set([
      "app-2026-03-05.log: before midnight",
      "app-2026-03-05.log: late write to yesterday",
      "app-2026-03-06.log: after midnight",
    ]));
    now += 1000; // Past the linger (200 ms here).
    await eventually(() => source.stats().files === 1, "yesterday's file closed after the linger");
  } finally {
    ac.abort();
    await done;
    h.cleanup();
  }
});

test("FileSource hands a chunk's lines at once; each event's commit persists the offset just after its own line, and skipped trailing lines are persisted after", async () => {
  const h = makeHarness();
  const path = join(h.dir, "app.log");
  writeFileSync(path, "");
  const run = await follow(h, { location: path });
  try {
    const lines = ["one", "two", "bin\0ary", "three", "four", "", "bin\0 again"];
    const ends = lines.map((_, i) => Buffer.byteLength(lines.slice(0, i + 1).map((l) => `${l}\n`).join("")));
    const offsetAtCommit: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    h.sink = async (e, commit) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await Promise.resolve();
      commit?.();
      offsetAtCommit.push(h.store.listFiles(run.source.id)[0]?.offset ?? -1);
      h.events.push(e);
      inFlight--;
    };
    appendFileSync(path, lines.map((l) => `${l}\n`).join(""));
    await eventually(() => (h.store.listFiles(run.source.id)[0]?.offset ?? 0) === ends.at(-1), "the position past the skipped trailing lines");
    assert.deepEqual(logs(h), ["one", "two", "three", "four"]);
    assert.deepEqual(offsetAtCommit, [ends[0], ends[1], ends[3], ends[4]], "each commit moves the position exactly past its event's line");
    assert.equal(mostInFlight, 4, "the four events of the chunk were handed before the first resolved");
    assert.equal(run.source.stats().badLines, 2);
  } finally {
    await run.stop();
    h.cleanup();
  }
});
