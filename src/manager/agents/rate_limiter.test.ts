import { test } from "node:test";
import assert from "node:assert/strict";
import { RateLimiter } from "./mod.ts";

test("RateLimiter: a burst per address, refilled over time, addresses independent", () => {
  let now = 0;
  const rl = new RateLimiter({ burst: 2, refillMs: 1000, now: () => now });
  assert.deepEqual([rl.take("a"), rl.take("a"), rl.take("a"), rl.take("b")], [true, true, false, true]);
  now = 999;
  assert.equal(rl.take("a"), false);
  now = 2100;
  assert.equal(rl.take("a"), true);
});

test("RateLimiter: memory stays bounded", () => {
  const rl = new RateLimiter({ burst: 1, maxAddresses: 3 });
  for (let i = 0; i < 100; i++) rl.take(`10.0.0.${i}`);
  assert.equal(rl.take("10.0.0.99"), false, "the most recent address is remembered");
  assert.equal(rl.take("10.0.0.0"), true, "the stalest was forgotten");
});
