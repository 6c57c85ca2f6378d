import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importLegacyTables, openDatabase } from "./mod.ts";

test("importLegacyTables() copies rows by column name (new columns take their default), keeps rows already there, and renames the old file", () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-import-"));
  try {
    const legacyPath = join(dir, "old.db");
    const old = openDatabase(legacyPath);
    old.exec("CREATE TABLE entries (path TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO entries VALUES ('/a', 'old-a'), ('/b', 'old-b');");
    old.close();
    const db = openDatabase(join(dir, "new.db"));
    db.exec("CREATE TABLE entries (path TEXT PRIMARY KEY, value TEXT NOT NULL, added INTEGER NOT NULL DEFAULT 7); INSERT INTO entries (path, value) VALUES ('/b', 'new-b');");
    assert.equal(importLegacyTables(db, legacyPath, ["entries"]), 1);
    assert.deepEqual(db.prepare("SELECT path, value, added FROM entries ORDER BY path").all().map((r) => ({ ...r })), [
      { path: "/a", value: "old-a", added: 7 },
      { path: "/b", value: "new-b", added: 7 },
    ]);
    assert.ok(!existsSync(legacyPath) && existsSync(`${legacyPath}.imported`));
    assert.equal(importLegacyTables(db, legacyPath, ["entries"]), 0, "imported once");
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("importLegacyTables() with a table the old file lacks copies nothing and leaves the old file", () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-import-"));
  try {
    const legacyPath = join(dir, "old.db");
    const old = openDatabase(legacyPath);
    old.exec("CREATE TABLE a (k TEXT PRIMARY KEY); INSERT INTO a VALUES ('x');");
    old.close();
    const db = openDatabase(join(dir, "new.db"));
    db.exec("CREATE TABLE a (k TEXT PRIMARY KEY); CREATE TABLE b (k TEXT PRIMARY KEY);");
    assert.throws(() => importLegacyTables(db, legacyPath, ["a", "b"]), /no table b/);
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM a").get() as { n: number }).n, 0, "rolled back");
    assert.ok(existsSync(legacyPath));
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
