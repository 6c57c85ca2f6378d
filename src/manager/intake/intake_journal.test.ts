import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../store/mod.ts";
import { IntakeJournal } from "./mod.ts";

const item = (log: string) => ({ location: "/l", log, queue: "1" as const });
const agent = { id: "001", name: "a", ip: "10.0.0.1" };

test("IntakeJournal: dedupes by sequence, survives reopen, resets for a new spool", async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-intake-"));
  try {
    const path = join(dir, "analysis.db");
    let db = openDatabase(path);
    let j = new IntakeJournal(db);
    assert.equal(j.open("001", "s1"), 0);
    const [r1, r2] = await Promise.all([j.accept(agent, 1, [item("a"), item("b")]), j.accept(agent, 2, [item("b"), item("c")])]);
    assert.deepEqual(r1, { ackSeq: 2, accepted: 2, replayed: 0 });
    assert.deepEqual(r2, { ackSeq: 3, accepted: 1, replayed: 1 }, "same group commit: still deduped");
    assert.deepEqual((await j.accept(agent, 1, [item("a")])), { ackSeq: 3, accepted: 0, replayed: 1 });
    assert.deepEqual((await j.accept(agent, 10, [item("after a drop")])).ackSeq, 10, "gaps (spool drops) are accepted");
    db.close();
    db = openDatabase(path);
    j = new IntakeJournal(db);
    assert.equal(j.open("001", "s1"), 10);
    assert.deepEqual(j.take(10).map((r) => r.log), ["a", "b", "c", "after a drop"]);
    j.removeUpTo(j.take(2).at(-1)?.id ?? 0);
    assert.equal(j.backlog(), 2);
    assert.equal(j.open("001", "s2"), 0, "a new spool identity starts over");
    assert.deepEqual((await j.accept(agent, 1, [item("fresh")])).accepted, 1);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
