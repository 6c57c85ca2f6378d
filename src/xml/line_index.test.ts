// Offsets to line:column, in order and out of order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LineIndex } from "./line_index.ts";

test("locates offsets in increasing order, then backwards, then after finish()", () => {
  const text = "ab\ncd\n\nef";
  const index = new LineIndex(text, "f");
  const at = (o: number) => `${index.locate(o).line}:${index.locate(o).column}`;
  assert.deepEqual([0, 2, 3, 6, 7, 9].map(at), ["1:1", "1:3", "2:1", "3:1", "4:1", "4:3"]);
  assert.deepEqual([4, 1].map(at), ["2:2", "1:2"]);
  index.finish();
  assert.deepEqual([8, 0, 5].map(at), ["4:2", "1:1", "2:3"]);
  assert.equal(index.locate(0).file, "f");
});
