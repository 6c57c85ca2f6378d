import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock, createLogger, systemClock } from "../../core/mod.ts";
import { eventually } from "../../../test/harness/log_source_conformance.ts";
import { createLogCollector, openCheckpointStore, type CollectedEvent, type LocalfileSpec } from "./mod.ts";

test("createLogCollector() runs every <localfile>, rejects unknown formats and duplicates, and stops on abort", async () => {
  const home = mkdtempSync(join(tmpdir(), "riposte-lc-"));
  const checkpoints = openCheckpointStore(join(home, "checkpoints.db"));
  const lines: string[] = [];
  const logger = createLogger({ write: (l) => void lines.push(l), level: "warn" });
  try {
    const a = join(home, "a.log");
    const b = join(home, "b.json");
    writeFileSync(a, "");
    writeFileSync(b, "");
    const events: CollectedEvent[] = [];
    const collector = createLogCollector(
      [
        { logFormat: "syslog", location: a },
        { logFormat: "json", location: b },
        { logFormat: "syslog", location: a },
        // A format no source serves (the config loader drops these; the collector must cope anyway).
        { logFormat: "eventchannel" as LocalfileSpec["logFormat"], location: a },
        { logFormat: "full_command", command: "echo hello", alias: "greeting" },
      ],
      {
        clock: systemClock, logger, checkpoints, sourceOptions: { file: { pollMs: 50 } },
        sink: async (e, commit) => {
          commit?.();
          events.push(e);
        },
      },
    );
    assert.equal(collector.stats().rejected, 2);
    assert.ok(lines.some((l) => l.includes("LC_DUPLICATE_SOURCE")));
    assert.ok(lines.some((l) => l.includes("LC_UNKNOWN_FORMAT") && l.includes("known=syslog,json,multi-line,journald,command,full_command")));
    const ac = new AbortController();
    const done = collector.start(ac.signal);
    await eventually(() => collector.stats().sources.filter((s) => s.files > 0).length === 2 && events.length === 1, "sources running");
    appendFileSync(a, "sshd line\n");
    appendFileSync(b, '{"srcip":"203.0.113.5"}\n');
    await eventually(() => events.length === 3, "file events");
    assert.deepEqual(
      events.map((e) => e.log).sort(),
      ["ossec: output: 'greeting':\nhello", "sshd line", '{"srcip":"203.0.113.5"}'].sort(),
    );
    const stats = collector.stats().sources;
    assert.deepEqual(stats.map((s) => s.kind), ["syslog", "json", "full_command"]);
    ac.abort();
    await done;
  } finally {
    checkpoints.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test("createLogCollector() restarts a failing source with backoff and counts the failure", async () => {
  const home = mkdtempSync(join(tmpdir(), "riposte-lc-"));
  const checkpoints = openCheckpointStore(join(home, "checkpoints.db"));
  const clock = new ManualClock();
  const logged: string[] = [];
  try {
    const path = join(home, "a.log");
    writeFileSync(path, "");
    let refuse = true;
    const events: string[] = [];
    const collector = createLogCollector([{ logFormat: "syslog", location: path }], {
      clock,
      logger: createLogger({ write: (l) => void logged.push(l), level: "error" }),
      checkpoints,
      sink: async (e, commit) => {
        if (refuse) throw new Error("spool unavailable");
        commit?.();
        events.push(e.log);
      },
      sourceOptions: { file: { pollMs: 10 } },
    });
    const ac = new AbortController();
    const done = collector.start(ac.signal);
    await eventually(() => (collector.stats().sources[0]?.files ?? 0) > 0, "file opened");
    appendFileSync(path, "kept\n");
    // The file source wakes on fs.watch; the sink refuses, the source fails, the collector waits 1 s (ManualClock).
    await eventually(() => collector.stats().sources[0]?.errors === 1, "one failure");
    assert.ok(logged.some((l) => l.includes("LC_SOURCE_FAILED") && l.includes("retryInMs=1000")));
    refuse = false;
    clock.advance(1000);
    await eventually(() => events.length === 1, "re-delivery after the restart");
    assert.deepEqual(events, ["kept"]);
    ac.abort();
    await done;
  } finally {
    checkpoints.close();
    rmSync(home, { recursive: true, force: true });
  }
});
