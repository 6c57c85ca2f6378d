import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../../core/mod.ts";
import { EpsLimiter } from "./eps_limiter.ts";

test("EpsLimiter lets max events a second through and makes the rest wait for the next second", async () => {
  const clock = new ManualClock();
  const limiter = new EpsLimiter(clock, 3);
  let passed = 0;
  const all = Promise.all(Array.from({ length: 7 }, async () => (await limiter.take(), passed++)));
  await new Promise((r) => setImmediate(r));
  assert.equal(passed, 3);
  clock.advance(1000);
  await new Promise((r) => setImmediate(r));
  assert.equal(passed, 6);
  clock.advance(1000);
  await all;
  assert.equal(passed, 7);
});

test("EpsLimiter with 0 is unlimited", async () => {
  const limiter = new EpsLimiter(new ManualClock(), 0);
  for (let i = 0; i < 1000; i++) await limiter.take();
});
