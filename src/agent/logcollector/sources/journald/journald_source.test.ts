import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, makeHarness, runLogSourceConformance } from "../../../../../test/harness/log_source_conformance.ts";
import { JournaldSource } from "./journald_source.ts";
import { journalLine, syslogTime } from "./journal_entry.ts";

const FAKE = join(import.meta.dirname, "testdata", "fake_journalctl.ts");
const SAMPLE = readFileSync(join(import.meta.dirname, "testdata", "journal_sample.jsonl"), "utf8").split("\n").filter(Boolean);
const journalctl = (dir: string) => [process.execPath, FAKE, `--journal-file=${join(dir, "journal.jsonl")}`];

/** A journal entry shaped like the real ones in testdata (an sshd line sent through syslog). */
function entry(i: number, message: string): string {
  const base = JSON.parse(SAMPLE[2] ?? "{}") as Record<string, string>;
  return JSON.stringify({ ...base, MESSAGE: message, __CURSOR: `s=test;i=${1000 + i}`, __REALTIME_TIMESTAMP: String(1795947528199749n + BigInt(i)) });
}

let seq = 0;
const starts = new Map<string, number>();
runLogSourceConformance({
  name: "journald (fake journalctl)",
  resumes: true,
  setup: async (dir) => writeFileSync(join(dir, "journal.jsonl"), `${SAMPLE.join("\n")}\n`),
  create: (ctx, dir) => new JournaldSource({ logFormat: "journald", location: "journald" }, ctx, { journalctl: journalctl(dir) }),
  ready: async (_source, dir) => {
    const n = (starts.get(dir) ?? 0) + 1;
    starts.set(dir, n);
    const argv = join(dir, "journal.jsonl.argv");
    await eventually(() => existsSync(argv) && readFileSync(argv, "utf8").split("\n").filter((l) => l.includes("--follow")).length >= n, "journalctl started", 20_000);
  },
  produce: async (dir, messages) => appendFileSync(join(dir, "journal.jsonl"), messages.map((m) => `${entry(seq++, m)}\n`).join("")),
  produceBad: async (dir) => appendFileSync(join(dir, "journal.jsonl"), `{"__CURSOR":"s=test;i=bad${seq++}","MESSAGE":"no hostname"}\nnot json at all\n`),
  expectedLog: (m) => `Nov 29 10:18:48 vm sshd[12831]: ${m}`,
});

test("journalLine() formats real journal entries like Wazuh's journald localfile", () => {
  const lines = SAMPLE.map((l) => journalLine(l).line);
  assert.equal(lines[2], "Nov 29 10:18:48 vm sshd[12831]: Failed password for invalid user admin from 203.0.113.7 port 52144 ssh2");
  // SYSLOG_PID wins over _PID (logger --id=4242 ran as pid 12832).
  assert.equal(lines[3], "Nov 29 10:18:48 vm sshd[4242]: Invalid user oracle from 203.0.113.9 port 40100");
  // No SYSLOG_PID: the _PID of the sender.
  assert.equal(lines[0], "Nov 29 10:18:47 vm systemd-journald[12816]: Journal started");
  assert.ok(SAMPLE.every((l) => journalLine(l).cursor?.startsWith("s=")));
});

test("journalLine() handles hostile and odd entries without throwing", () => {
  assert.deepEqual(journalLine("{not json"), { line: undefined, cursor: undefined });
  assert.deepEqual(journalLine("[1,2]"), { line: undefined, cursor: undefined });
  const bytes = JSON.stringify({ _HOSTNAME: "h", MESSAGE: [104, 105, 255], __REALTIME_TIMESTAMP: "0", __CURSOR: "c" });
  assert.equal(journalLine(bytes).line, "Jan 01 00:00:00 h unknown: hi\uFFFD");
  assert.equal(journalLine(JSON.stringify({ _HOSTNAME: "h", MESSAGE: "m", __REALTIME_TIMESTAMP: "x" })).line, undefined);
  assert.equal(syslogTime("1772323200000000"), "Mar 01 00:00:00");
});

test("JournaldSource asks journalctl for the future only at first start, then resumes after its cursor", async () => {
  const h = makeHarness();
  try {
    const file = join(h.dir, "journal.jsonl");
    writeFileSync(file, `${SAMPLE.join("\n")}\n`);
    const make = () => new JournaldSource({ logFormat: "journald" }, h.ctx(), { journalctl: journalctl(h.dir) });
    const first = make();
    let ac = new AbortController();
    let done = first.run(ac.signal);
    await eventually(() => existsSync(`${file}.argv`) && readFileSync(`${file}.argv`, "utf8").includes("--follow"), "journalctl started");
    const calls = readFileSync(`${file}.argv`, "utf8").trim().split("\n");
    assert.match(calls[0] ?? "", /--lines=1/, "first start asks for the tail cursor");
    assert.match(calls[1] ?? "", /--after-cursor=s=ffbc01b20e284d4f8068af899dab0baa;i=9;/, "then follows after it");
    appendFileSync(file, `${entry(1, "Failed password for root from 192.0.2.1 port 1 ssh2")}\n`);
    await eventually(() => h.events.length === 1, "one event");
    assert.deepEqual(h.events[0], { location: "journald", log: "Nov 29 10:18:48 vm sshd[12831]: Failed password for root from 192.0.2.1 port 1 ssh2", queue: "1" });
    ac.abort();
    await done;
    const second = make();
    assert.ok(second.followArgs(h.store.getCursor(second.id)).includes("--after-cursor=s=test;i=1001"));
    ac = new AbortController();
    done = second.run(ac.signal);
    appendFileSync(file, `${entry(2, "second")}\n`);
    await eventually(() => h.events.length === 2, "second event");
    assert.match(h.events[1]?.log ?? "", /: second$/);
    ac.abort();
    await done;
  } finally {
    h.cleanup();
  }
});

test("JournaldSource rejects with LC_JOURNALCTL_EXITED when journalctl cannot start", async () => {
  const h = makeHarness();
  try {
    const source = new JournaldSource({ logFormat: "journald" }, h.ctx(), { journalctl: [join(h.dir, "no-such-journalctl")] });
    await assert.rejects(source.run(new AbortController().signal), (e: unknown) => (e as { code?: string }).code === "LC_JOURNALCTL_EXITED");
  } finally {
    h.cleanup();
  }
});

test("JournaldSource applies <filter>s (ANDed) and keeps one cursor per filtered source", async () => {
  const h = makeHarness();
  try {
    writeFileSync(join(h.dir, "journal.jsonl"), `${SAMPLE.join("\n")}\n`);
    const filters = [
      { field: "SYSLOG_IDENTIFIER", expression: "^sshd$", ignoreIfMissing: false },
      { field: "_SYSTEMD_UNIT", expression: "^ssh\\.service$", ignoreIfMissing: true },
    ];
    const source = new JournaldSource({ logFormat: "journald", onlyFutureEvents: false, filters }, h.ctx(), { journalctl: journalctl(h.dir) });
    assert.match(source.id, /^journald:journald:[0-9a-f]{12}$/);
    const ac = new AbortController();
    const done = source.run(ac.signal);
    await eventually(() => h.events.length === 5, "the 5 sshd entries");
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(h.events.every((e) => / sshd\[\d+\]: /.test(e.log)));
    assert.equal(source.stats().badLines, 0);
    ac.abort();
    await done;
    const bad = new JournaldSource({ logFormat: "journald", filters: [{ field: "X", expression: "(", ignoreIfMissing: false }] }, h.ctx(), {});
    await assert.rejects(bad.run(new AbortController().signal), (e: unknown) => (e as { code?: string }).code === "LC_JOURNALD_FILTER_INVALID");
  } finally {
    h.cleanup();
  }
});

test("JournaldSource resumes by time when journalctl refuses the saved cursor (never stuck retrying it)", async () => {
  const h = makeHarness();
  try {
    writeFileSync(join(h.dir, "journal.jsonl"), `${SAMPLE.join("\n")}\n`);
    const usec = BigInt((JSON.parse(SAMPLE[4] ?? "{}") as { __REALTIME_TIMESTAMP: string }).__REALTIME_TIMESTAMP);
    const source = new JournaldSource({ logFormat: "journald" }, h.ctx(), { journalctl: journalctl(h.dir) });
    h.store.markStarted(source.id);
    h.store.putCursor(source.id, `s=from-another-journal;i=5;t=${usec.toString(16)};x=0`);
    await assert.rejects(source.run(new AbortController().signal), (e: unknown) => (e as { code?: string }).code === "LC_JOURNALCTL_EXITED");
    const ac = new AbortController();
    const done = source.run(ac.signal);
    await eventually(() => h.events.length === 4, "the entries after the cursor's time");
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      h.events.map((e) => e.log.replace(/^.* vm /, "")),
      ["sshd[5002]: Failed password for root from 198.51.100.2 port 44002 ssh2", "sshd[5003]: Failed password for root from 198.51.100.3 port 44003 ssh2", "app[12946]: multi", "app[12946]: line"],
    );
    assert.match(h.store.getCursor(source.id) ?? "", /;i=9;/);
    ac.abort();
    await done;
  } finally {
    h.cleanup();
  }
});
