import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, openDatabase, transaction } from "./mod.ts";

test("openDatabase() opens WAL and migrate() applies each step once", () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-store-"));
  try {
    const path = join(dir, "sub", "x.db");
    const steps = ["CREATE TABLE t (v INTEGER)", "ALTER TABLE t ADD COLUMN w TEXT"];
    let db = openDatabase(path);
    assert.equal((db.prepare("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode, "wal");
    migrate(db, "t", steps);
    db.prepare("INSERT INTO t (v, w) VALUES (1, 'a')").run();
    db.close();
    db = openDatabase(path);
    migrate(db, "t", steps);
    assert.deepEqual({ ...db.prepare("SELECT v, w FROM t").get() }, { v: 1, w: "a" });
    assert.throws(() => transaction(db, () => { db.exec("INSERT INTO t (v) VALUES (2)"); throw new Error("boom"); }));
    assert.equal((db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n, 1);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
