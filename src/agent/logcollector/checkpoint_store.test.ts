import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../store/mod.ts";
import { importLegacyCheckpoints, openCheckpointStore, type FilePosition } from "./mod.ts";

const position = (path: string, offset: number): FilePosition => ({ path, identity: "2049:77", fingerprint: "ab".repeat(32), fingerprintBytes: 1024, offset });

test("importLegacyCheckpoints() moves an earlier version's positions into the shared database once, keeping newer ones", () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-legacy-"));
  try {
    const legacyPath = join(dir, "logcollector", "checkpoints.db");
    const old = openCheckpointStore(legacyPath);
    old.markStarted("syslog:/var/log/auth.log");
    old.putFile("syslog:/var/log/auth.log", position("/var/log/auth.log", 4096));
    old.markStarted("journald:journald");
    old.putCursor("journald:journald", "s=1;i=2a");
    old.markStarted("syslog:/var/log/kept.log");
    old.putFile("syslog:/var/log/kept.log", position("/var/log/kept.log", 10));
    old.close();

    const db = openDatabase(join(dir, "spool.db"));
    const store = openCheckpointStore(db);
    store.markStarted("syslog:/var/log/kept.log");
    store.putFile("syslog:/var/log/kept.log", position("/var/log/kept.log", 900));
    assert.equal(importLegacyCheckpoints(db, legacyPath), 4, "two new sources, one file position, one cursor");
    assert.deepEqual(store.listFiles("syslog:/var/log/auth.log"), [position("/var/log/auth.log", 4096)]);
    assert.equal(store.getCursor("journald:journald"), "s=1;i=2a");
    assert.ok(store.hasStarted("journald:journald"));
    assert.equal(store.listFiles("syslog:/var/log/kept.log")[0]?.offset, 900, "a position the shared database holds wins");
    assert.ok(!existsSync(legacyPath) && existsSync(`${legacyPath}.imported`), "the old file is renamed, so it is imported once");
    assert.equal(importLegacyCheckpoints(db, legacyPath), 0, "nothing left to import");
    store.close();
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("importLegacyCheckpoints() leaves an unreadable old file where it is and throws", () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-legacy-"));
  try {
    const legacyPath = join(dir, "checkpoints.db");
    writeFileSync(legacyPath, "not a database, just bytes that are long enough to not be empty".repeat(20));
    const db = openDatabase(join(dir, "spool.db"));
    openCheckpointStore(db);
    assert.throws(() => importLegacyCheckpoints(db, legacyPath));
    assert.ok(existsSync(legacyPath));
    assert.equal(db.isTransaction, false);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
