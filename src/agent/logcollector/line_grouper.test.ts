import { test } from "node:test";
import assert from "node:assert/strict";
import { LineGrouper } from "./line_grouper.ts";

const line = (text: string, end: number) => ({ text, end, truncated: false });

test("LineGrouper joins every N lines with a space and ends the group at its last line", () => {
  const g = new LineGrouper(3, 1000);
  assert.equal(g.add(line("Jan 1 host app: begin", 10)), undefined);
  assert.equal(g.add(line("  detail", 20)), undefined);
  assert.deepEqual(g.add(line("end", 30)), { text: "Jan 1 host app: begin   detail end", end: 30, truncated: false });
  assert.equal(g.add(line("", 31)), undefined);
  assert.equal(g.add(line("bin\0ary", 40)), undefined);
  assert.deepEqual(g.add(line("x", 42)), { text: "x", end: 42, truncated: false });
  assert.equal(g.dropped, 1);
  assert.equal(g.add(line("partial", 50)), undefined);
  assert.deepEqual(g.flush(50), { text: "partial", end: 50, truncated: false });
  assert.equal(g.flush(50), undefined);
});

test("LineGrouper caps a group at the maximum size", () => {
  const g = new LineGrouper(2, 10);
  assert.deepEqual(g.add(line("0123456", 8)) ?? g.add(line("789abc", 15)), { text: "0123456 78", end: 15, truncated: true });
});
