/**
 * The conformance suite every AlertOutput passes (aesthetics §5.3): write never throws, even
 * for a hostile alert; flush makes what was written visible; close flushes; writes keep
 * their order. `read` returns the alert ids the output delivered so far, in order.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Alert } from "../../src/core/mod.ts";
import type { AlertOutput } from "../../src/manager/mod.ts";

export interface OutputFixture {
  readonly output: AlertOutput;
  readonly read: () => string[];
  readonly cleanup: () => void;
}

const alert = (id: string, extra: Record<string, unknown> = {}): Alert => ({
  timestamp: "2026-01-01T00:00:00.000+0000", id, location: "/var/log/x", manager: { name: "m" }, agent: { id: "001", name: "a" },
  rule: { level: 5, description: "d", id: "100", firedtimes: 1, mail: false, groups: ["g"] }, ...extra,
});

export function runAlertOutputConformance(name: string, make: () => OutputFixture): void {
  test(`${name}: writes keep their order and flush delivers them`, async () => {
    const f = make();
    try {
      for (let i = 0; i < 50; i++) f.output.write(alert(`1.${i}`));
      await f.output.flush();
      assert.deepEqual(f.read(), Array.from({ length: 50 }, (_, i) => `1.${i}`));
    } finally {
      f.cleanup();
    }
  });

  test(`${name}: write never throws, even for an alert that cannot be serialised`, async () => {
    const f = make();
    try {
      const cyclic: Record<string, unknown> = {};
      cyclic["self"] = cyclic;
      assert.doesNotThrow(() => f.output.write(alert("bad", { data: cyclic })));
      assert.doesNotThrow(() => f.output.write(alert("big\u2028line\n\"quoted\"", { full_log: "x\n".repeat(1000) })));
      f.output.write(alert("after"));
      await f.output.flush();
      assert.deepEqual(f.read(), ["big\u2028line\n\"quoted\"", "after"]);
    } finally {
      f.cleanup();
    }
  });

  test(`${name}: close flushes what was written`, async () => {
    const f = make();
    try {
      f.output.write(alert("last"));
      await f.output.close();
      assert.deepEqual(f.read(), ["last"]);
    } finally {
      f.cleanup();
    }
  });
}
