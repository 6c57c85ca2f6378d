// The conformance suite every log source passes (DESIGN §7.2, aesthetics §5.3): events arrive
// in order with their queue and location, abort ends run() promptly, a bad input is counted
// and skipped, a sink rejection rejects run() without advancing the position, and (for
// sources with positions) a restart resumes exactly: nothing lost, nothing repeated, also
// after a crash right after an event's transaction (the position is in the event's commit).
// Each source's test file calls runLogSourceConformance with a fixture.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { silentLogger, systemClock, type Clock } from "../../src/core/mod.ts";
import {
  openCheckpointStore,
  type CheckpointStore,
  type CollectedEvent,
  type EventSink,
  type FilePosition,
  type LogSource,
  type SourceContext,
} from "../../src/agent/logcollector/mod.ts";

export interface LogSourceFixture {
  readonly name: string;
  /** True when the source persists a position (files, journald); false for commands. */
  readonly resumes: boolean;
  /** Prepares `dir` (called once per test, before create). */
  setup(dir: string): Promise<void>;
  create(ctx: SourceContext, dir: string): LogSource;
  /** Makes the (running or stopped) source see these single-line messages, in order. */
  produce(dir: string, messages: readonly string[]): Promise<void>;
  /** Makes the source meet one input it cannot turn into an event. */
  produceBad(dir: string): Promise<void>;
  /** The event `log` a produced message becomes. */
  expectedLog(message: string): string;
  /** The clock the source runs on (a fixture may drive a ManualClock from produce). */
  readonly clock?: Clock;
  /** Called once the source runs, before the first produce (e.g. wait until it follows). */
  ready?(source: LogSource, dir: string): Promise<void>;
}

export interface Harness {
  readonly dir: string;
  /** The store the next ctx() hands out (a crash test swaps in a restored one). */
  store: CheckpointStore;
  readonly events: CollectedEvent[];
  sink: EventSink;
  ctx(): SourceContext;
  cleanup(): void;
}

export function makeHarness(clock: Clock = systemClock): Harness {
  const dir = mkdtempSync(join(tmpdir(), "riposte-src-"));
  const store = openCheckpointStore(join(dir, "checkpoints.db"));
  const events: CollectedEvent[] = [];
  const h: Harness = {
    dir,
    store,
    events,
    // Like the agent's spool: the event and the source's commit are durable together.
    sink: async (e, commit) => {
      commit?.();
      events.push(e);
    },
    ctx: () => ({ clock, logger: silentLogger, checkpoints: h.store, sink: (e, commit) => h.sink(e, commit) }),
    cleanup: () => {
      h.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Polls `cond` every 5 ms until true or `ms` elapsed (then fails with `what`). */
export async function eventually(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function uniq(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix} message ${String(i).padStart(4, "0")} from 203.0.113.${i % 250}`);
}

export function runLogSourceConformance(fixture: LogSourceFixture): void {
  const start = async (h: Harness) => {
    const source = fixture.create(h.ctx(), h.dir);
    const ac = new AbortController();
    const done = source.run(ac.signal);
    done.catch(() => {});
    await fixture.ready?.(source, h.dir);
    return { source, ac, done };
  };
  const logs = (h: Harness) => h.events.map((e) => e.log);

  test(`${fixture.name} conformance: delivers messages in order with queue 1 and a location`, async () => {
    const h = makeHarness(fixture.clock);
    try {
      await fixture.setup(h.dir);
      const { ac, done } = await start(h);
      const msgs = uniq("a", 20);
      await fixture.produce(h.dir, msgs);
      await eventually(() => h.events.length >= msgs.length, "20 events");
      assert.deepEqual(logs(h), msgs.map((m) => fixture.expectedLog(m)));
      for (const e of h.events) assert.ok(e.queue === "1" && e.location.length > 0);
      ac.abort();
      await done;
    } finally {
      h.cleanup();
    }
  });

  test(`${fixture.name} conformance: abort ends run() promptly`, async () => {
    const h = makeHarness(fixture.clock);
    try {
      await fixture.setup(h.dir);
      const { ac, done } = await start(h);
      const t0 = Date.now();
      ac.abort();
      await done;
      assert.ok(Date.now() - t0 < 1000, `run() took ${Date.now() - t0} ms to end`);
    } finally {
      h.cleanup();
    }
  });

  test(`${fixture.name} conformance: a bad input is counted and skipped, never fatal`, async () => {
    const h = makeHarness(fixture.clock);
    try {
      await fixture.setup(h.dir);
      const { source, ac, done } = await start(h);
      await fixture.produce(h.dir, ["before"]);
      await eventually(() => h.events.length === 1, "first event");
      await fixture.produceBad(h.dir);
      await fixture.produce(h.dir, ["after"]);
      await eventually(() => h.events.length === 2, "event after the bad input");
      assert.deepEqual(logs(h), ["before", "after"].map((m) => fixture.expectedLog(m)));
      assert.ok(source.stats().badLines >= 1, "badLines counted");
      ac.abort();
      await done;
    } finally {
      h.cleanup();
    }
  });

  test(`${fixture.name} conformance: a sink rejection rejects run() and loses nothing`, async () => {
    const h = makeHarness(fixture.clock);
    try {
      await fixture.setup(h.dir);
      let fail = true;
      h.sink = async (e, commit) => {
        if (fail) throw new Error("spool full");
        commit?.();
        h.events.push(e);
      };
      const first = await start(h);
      await fixture.produce(h.dir, ["precious"]);
      await assert.rejects(first.done, /spool full/);
      fail = false;
      if (!fixture.resumes) return;
      const second = await start(h);
      await eventually(() => h.events.length >= 1, "re-delivery after restart");
      assert.deepEqual(logs(h), [fixture.expectedLog("precious")]);
      second.ac.abort();
      await second.done;
    } finally {
      h.cleanup();
    }
  });

  if (!fixture.resumes) return;
  test(`${fixture.name} conformance: a restart resumes exactly (nothing lost, nothing repeated)`, async () => {
    const h = makeHarness(fixture.clock);
    try {
      await fixture.setup(h.dir);
      const first = await start(h);
      const a = uniq("a", 5);
      await fixture.produce(h.dir, a);
      await eventually(() => h.events.length === 5, "first batch");
      first.ac.abort();
      await first.done;
      const b = uniq("b", 5);
      await fixture.produce(h.dir, b);
      const second = await start(h);
      await eventually(() => h.events.length >= 10, "second batch");
      await sleep(50);
      assert.deepEqual(logs(h), [...a, ...b].map((m) => fixture.expectedLog(m)));
      second.ac.abort();
      await second.done;
    } finally {
      h.cleanup();
    }
  });

  test(`${fixture.name} conformance: a crash right after an event's transaction resumes exactly`, async () => {
    const h = makeHarness(fixture.clock);
    try {
      await fixture.setup(h.dir);
      // What a SIGKILL right after the third event's transaction leaves: three events and the
      // positions as they were then. A source that wrote its position after the sink resolved
      // (a second transaction) would be a line behind here, and repeat the third event.
      let id = "";
      let crashState: PositionState | undefined;
      h.sink = async (e, commit) => {
        commit?.();
        h.events.push(e);
        if (h.events.length === 3) crashState = capture(h.store, id);
      };
      const first = await start(h);
      id = first.source.id;
      const a = uniq("a", 6);
      await fixture.produce(h.dir, a);
      await eventually(() => h.events.length === 6, "first batch");
      first.ac.abort();
      await first.done;
      assert.ok(crashState, "state captured at the third event");
      h.store.close();
      h.store = restore(crashState, id);
      h.events.splice(3);
      h.sink = async (e, commit) => {
        commit?.();
        h.events.push(e);
      };
      const second = await start(h);
      await eventually(() => h.events.length >= 6, "the events after the crash");
      await sleep(50);
      assert.deepEqual(logs(h), a.map((m) => fixture.expectedLog(m)));
      second.ac.abort();
      await second.done;
    } finally {
      h.cleanup();
    }
  });
}

/** One source's persisted positions. */
interface PositionState {
  readonly started: boolean;
  readonly files: FilePosition[];
  readonly cursor: string | undefined;
}

function capture(store: CheckpointStore, id: string): PositionState {
  return { started: store.hasStarted(id), files: store.listFiles(id), cursor: store.getCursor(id) };
}

/** A fresh store holding `state` for source `id`. */
function restore(state: PositionState, id: string): CheckpointStore {
  const store = openCheckpointStore(":memory:");
  if (state.started) store.markStarted(id);
  for (const f of state.files) store.putFile(id, f);
  if (state.cursor !== undefined) store.putCursor(id, state.cursor);
  return store;
}
