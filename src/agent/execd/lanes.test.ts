import { test } from "node:test";
import assert from "node:assert/strict";
import { createLanes } from "./lanes.ts";

const tick = () => new Promise((r) => setImmediate(r));

test("createLanes(): one lane runs in call order, lanes run side by side, slots bound them", async () => {
  const lanes = createLanes(2);
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  const job = (name: string) => () => lanes.slot(async () => {
    running++;
    peak = Math.max(peak, running);
    log.push(`start ${name}`);
    await tick();
    await tick();
    log.push(`end ${name}`);
    running--;
    return name;
  });
  const all = await Promise.all([lanes.serial("a", job("a1")), lanes.serial("a", job("a2")), lanes.serial("b", job("b1")), lanes.serial("c", job("c1"))]);
  assert.deepEqual(all, ["a1", "a2", "b1", "c1"]);
  assert.ok(log.indexOf("end a1") < log.indexOf("start a2"), "same lane: in order");
  assert.equal(peak, 2, "never more than the slots");
  assert.equal(lanes.busy, 0);
});

test("createLanes().lock(): FIFO per key, independent keys, release is idempotent", async () => {
  const lanes = createLanes(4);
  const order: string[] = [];
  const r1 = await lanes.lock("k");
  const p2 = lanes.lock("k").then((r) => (order.push("second"), r));
  const p3 = lanes.lock("k").then((r) => (order.push("third"), r));
  const other = await lanes.lock("other");
  order.push("other");
  await tick();
  assert.deepEqual(order, ["other"]);
  r1();
  r1();
  const r2 = await p2;
  await tick();
  assert.deepEqual(order, ["other", "second"]);
  r2();
  (await p3)();
  other();
  assert.deepEqual(order, ["other", "second", "third"]);
});
