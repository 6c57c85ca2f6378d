import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../store/mod.ts";
import { EventSpool } from "./mod.ts";

const item = (log: string) => ({ location: "/var/log/x", log, queue: "1" as const });

function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "riposte-spool-"));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test("EventSpool: appends resolve once durable; sequence numbers survive reopen and acks", () => withDir(async (dir) => {
  const path = join(dir, "spool.db");
  let spool = new EventSpool(path);
  const id = spool.spoolId;
  await Promise.all(["a", "b", "c"].map((l) => spool.append(item(l))));
  assert.deepEqual(spool.pending(0, 10).map((e) => [e.seq, e.item.log]), [[1, "a"], [2, "b"], [3, "c"]]);
  spool.ack(2);
  spool.close();
  spool = new EventSpool(path);
  assert.equal(spool.spoolId, id);
  assert.equal(spool.size, 1);
  spool.ack(3);
  await spool.append(item("d"));
  assert.deepEqual(spool.pending(0, 10).map((e) => e.seq), [4], "never reuses a sequence number, even when empty");
  spool.close();
}));

test("EventSpool: when full, the oldest are dropped and counted, persistently", () => withDir(async (dir) => {
  const path = join(dir, "spool.db");
  let spool = new EventSpool(path, { maxEvents: 3 });
  await Promise.all(["1", "2", "3", "4", "5"].map((l) => spool.append(item(l))));
  assert.equal(spool.size, 3);
  assert.equal(spool.dropped, 2);
  assert.deepEqual(spool.pending(0, 10).map((e) => e.item.log), ["3", "4", "5"]);
  spool.close();
  spool = new EventSpool(path, { maxEvents: 3 });
  assert.equal(spool.dropped, 2);
  spool.close();
}));

test("EventSpool: pending() returns consecutive sequence numbers after a cursor, and notifies appends", () => withDir(async (dir) => {
  const spool = new EventSpool(join(dir, "spool.db"));
  let notified = 0;
  const off = spool.onAppended(() => notified++);
  await Promise.all(Array.from({ length: 10 }, (_, i) => spool.append(item(String(i)))));
  assert.equal(notified, 1, "one group commit");
  assert.deepEqual(spool.pending(7, 5).map((e) => e.seq), [8, 9, 10]);
  off();
  spool.close();
}));

test("EventSpool: a recreated spool has a new identity", () => withDir(async (dir) => {
  const a = new EventSpool(join(dir, "a.db"));
  const b = new EventSpool(join(dir, "b.db"));
  assert.notEqual(a.spoolId, b.spoolId);
  a.close();
  b.close();
}));

test("EventSpool: the byte bound drops the oldest too", () => withDir(async (dir) => {
  const spool = new EventSpool(join(dir, "spool.db"), { maxBytes: 100 });
  await spool.append(item("x".repeat(40)));
  await spool.append(item("y".repeat(40)));
  await spool.append(item("z".repeat(40)));
  assert.deepEqual(spool.pending(0, 10).map((e) => e.item.log[0]), ["y", "z"], "each event is 50: two fit in 100");
  assert.equal(spool.dropped, 1);
  assert.equal(spool.bytes, 100);
  spool.ack(3);
  assert.equal(spool.bytes, 0);
  spool.close();
}));

test("EventSpool: an append's commit hook runs in the event's transaction on a shared connection; a throwing hook rolls back its group", () => withDir(async (dir) => {
  const db = openDatabase(join(dir, "queue.db"));
  db.exec("CREATE TABLE positions (source TEXT PRIMARY KEY, offset INTEGER NOT NULL)");
  const put = db.prepare("INSERT INTO positions (source, offset) VALUES (?, ?) ON CONFLICT(source) DO UPDATE SET offset = excluded.offset");
  const offset = () => (db.prepare("SELECT offset FROM positions WHERE source = 'a'").get() as { offset: number } | undefined)?.offset;
  const spool = new EventSpool(db);
  let seenInside: boolean | undefined;
  await spool.append(item("one"), () => {
    seenInside = db.isTransaction;
    put.run("a", 4);
  });
  assert.equal(seenInside, true, "the hook ran inside the spool's transaction");
  assert.equal(offset(), 4);
  const ok = spool.append(item("two"), () => put.run("a", 8));
  const bad = spool.append(item("three"), () => {
    throw new Error("disk I/O error");
  });
  await assert.rejects(ok, /disk I\/O error/, "the whole group is rolled back");
  await assert.rejects(bad, /disk I\/O error/);
  assert.equal(offset(), 4, "the position did not move");
  assert.deepEqual(spool.pending(0, 10).map((e) => e.item.log), ["one"], "nor did the events go in");
  spool.close();
  assert.equal(db.isOpen, true, "a shared connection stays open for its owner");
  db.close();
}));
