/**
 * The conformance suite every ResponseAction passes (aesthetics §5.3, DESIGN §7.2): add then
 * delete leaves no trace, an aborted add changes nothing, delete is idempotent, decide is
 * asked at most once, add never rejects, and a cancelled or hung run is killed.
 * An implementation's test calls `runResponseActionConformance(name, makeFixture)`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ActionResult, ArMessage, Decision, KeysAnswer, ResponseAction } from "../../src/response/mod.ts";

export interface ActionFixture {
  readonly action: ResponseAction;
  /** An add/delete message for `target` (an IP for IP actions). */
  message(target: string): ArMessage;
  /** Whether the action's effect for `target` is in place. */
  isActive(target: string): Promise<boolean> | boolean;
  /** An action of the same kind whose add never finishes on its own. */
  readonly hanging: ResponseAction;
  cleanup(): void;
}

const never = new AbortController().signal;

async function add(f: ActionFixture, target: string, decision: Decision, asked: KeysAnswer[] = []): Promise<ActionResult> {
  return f.action.add(f.message(target), {
    signal: never,
    decide: (answer) => {
      asked.push(answer);
      return Promise.resolve(decision);
    },
  });
}

export function runResponseActionConformance(name: string, make: () => Promise<ActionFixture> | ActionFixture): void {
  const withFixture = (fn: (f: ActionFixture) => Promise<void>) => async () => {
    const f = await make();
    try {
      await fn(f);
    } finally {
      f.cleanup();
    }
  };

  test(`${name}: add then delete leaves no trace, decide asked once`, withFixture(async (f) => {
    const asked: KeysAnswer[] = [];
    const r = await add(f, "192.0.2.10", "continue", asked);
    assert.equal(r.outcome, "done", r.reason);
    assert.equal(asked.length, 1);
    assert.equal(await f.isActive("192.0.2.10"), true);
    const d = await f.action.delete(f.message("192.0.2.10"), { signal: never });
    assert.equal(d.outcome, "done", d.reason);
    assert.equal(await f.isActive("192.0.2.10"), false);
  }));

  test(`${name}: an aborted add changes nothing`, withFixture(async (f) => {
    const r = await add(f, "2001:db8::7", "abort");
    assert.equal(r.outcome, "aborted");
    assert.equal(await f.isActive("2001:db8::7"), false);
  }));

  test(`${name}: delete is idempotent`, withFixture(async (f) => {
    for (let i = 0; i < 2; i++) {
      const d = await f.action.delete(f.message("198.51.100.3"), { signal: never });
      assert.equal(d.outcome, "done", d.reason);
    }
    assert.equal(await f.isActive("198.51.100.3"), false);
  }));

  test(`${name}: a cancelled hung add is killed and still yields a result`, withFixture(async (f) => {
    const ac = new AbortController();
    let started = false;
    const pending = f.hanging.add(f.message("192.0.2.99"), {
      signal: ac.signal,
      onStart: () => {
        started = true;
        ac.abort();
      },
      decide: () => Promise.resolve("continue"),
    });
    const r = await pending;
    assert.equal(started, true);
    assert.equal(r.outcome, "killed");
    assert.equal(r.exitCode, null);
  }));
}
