// Lookups on elements: case-insensitive names, trimmed text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { attr, attribute, childElements, firstChild, isNamed, textOf } from "./element_query.ts";
import { readXml } from "./read_xml.ts";

const doc = readXml('<Rule ID="100" level="3">\n  <If_Sid> 5710 </If_Sid>\n  <if_sid>5712</if_sid>\n  <match>x</match>\n</Rule>', "q.xml");
const rule = doc.roots[0]!;

test("attr and attribute find attributes case-insensitively", () => {
  assert.equal(attr(rule, "id"), "100");
  assert.equal(attr(rule, "LEVEL"), "3");
  assert.equal(attr(rule, "frequency"), undefined);
  assert.equal(attribute(rule, "id")?.location.column, 7);
});

test("childElements filters by name case-insensitively, in order; all children without a name", () => {
  assert.deepEqual(childElements(rule, "if_sid").map((c) => c.text), [" 5710 ", "5712"]);
  assert.deepEqual(childElements(rule).map((c) => c.name), ["If_Sid", "if_sid", "match"]);
  assert.deepEqual(childElements(rule, "nothing"), []);
});

test("firstChild, isNamed and textOf", () => {
  assert.equal(firstChild(rule, "IF_SID")?.location.line, 2);
  assert.equal(firstChild(rule, "regex"), undefined);
  assert.ok(isNamed(rule, "rule"));
  assert.ok(!isNamed(rule, "rules"));
  assert.equal(textOf(firstChild(rule, "if_sid")!), "5710");
});
