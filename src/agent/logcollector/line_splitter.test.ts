import { test } from "node:test";
import assert from "node:assert/strict";
import { LineSplitter } from "./line_splitter.ts";

test("LineSplitter drops the \\r of CRLF line ends, offsets still count it", () => {
  const s = new LineSplitter(100);
  const lines = s.push(Buffer.from("Failed password for root\r\nplain\n\r\nin\rside\r\n"));
  assert.deepEqual(lines.map((l) => l.text), ["Failed password for root", "plain", "", "in\rside"]);
  assert.deepEqual(lines.map((l) => l.end), [126, 132, 134, 143]);
});

test("LineSplitter: a CRLF split across chunks is still one line end", () => {
  const s = new LineSplitter(0);
  assert.deepEqual(s.push(Buffer.from("sshd: x\r")), []);
  const lines = s.push(Buffer.from("\nnext\r\n"));
  assert.deepEqual(lines.map((l) => l.text), ["sshd: x", "next"]);
  assert.equal(lines[1]?.end, 15);
});

test("LineSplitter keeps a lone \\r that does not end a line", () => {
  const s = new LineSplitter(0);
  assert.deepEqual(s.push(Buffer.from("a\r b\n")).map((l) => l.text), ["a\r b"]);
  assert.equal(s.flush(), undefined);
});
