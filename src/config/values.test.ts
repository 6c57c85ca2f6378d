// Value readers: positions of trimmed values, yes/no with hints, integers, durations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DiagnosticBag } from "../core/mod.ts";
import { readXml } from "../xml/mod.ts";
import { readBool, readDuration, readInt, valueOf } from "./values.ts";

function element(xml: string) {
  const el = readXml(xml, "v.conf", { dialect: "config" }).roots[0];
  assert.ok(el);
  return el;
}

test("valueOf() trims and points at the first non-blank character, across lines", () => {
  const v = valueOf(element("<a>\n   x y \n</a>"));
  assert.deepEqual(v, { text: "x y", at: { file: "v.conf", line: 2, column: 4 } });
});

test("readBool() accepts yes and no only, and hints the intended one", () => {
  const bag = new DiagnosticBag();
  assert.equal(readBool(element("<a>yes</a>"), bag), true);
  assert.equal(readBool(element("<a> no </a>"), bag), false);
  assert.equal(readBool(element("<a>true</a>"), bag), undefined);
  assert.equal(readBool(element("<a>OFF</a>"), bag), undefined);
  assert.deepEqual(bag.list.map((d) => [d.code, d.hint]), [["CFG_INVALID_BOOLEAN", 'write "yes"'], ["CFG_INVALID_BOOLEAN", 'write "no"']]);
});

test("readInt() checks digits and the range", () => {
  const bag = new DiagnosticBag();
  const range = { min: 0, max: 16 };
  assert.equal(readInt(element("<a>16</a>"), bag, range), 16);
  assert.equal(readInt(element("<a>17</a>"), bag, range), undefined);
  assert.equal(readInt(element("<a>1.5</a>"), bag, range), undefined);
  assert.deepEqual(bag.list.map((d) => d.code), ["CFG_OUT_OF_RANGE", "CFG_INVALID_NUMBER"]);
});

test("readDuration() takes seconds and s, m, h, d, w suffixes", () => {
  const bag = new DiagnosticBag();
  const seconds = ["600", "15m", "1h", "2d", "1w", "30s"].map((t) => readDuration(element(`<a>${t}</a>`), bag));
  assert.deepEqual(seconds, [600, 900, 3600, 172_800, 604_800, 30]);
  assert.equal(readDuration(element("<a>0</a>"), bag, 1), undefined);
  assert.equal(readDuration(element("<a>1y</a>"), bag), undefined);
  assert.deepEqual(bag.list.map((d) => d.code), ["CFG_OUT_OF_RANGE", "CFG_INVALID_DURATION"]);
});
