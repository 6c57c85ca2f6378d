// os_xml variables (wazuh-ruleset-semantics.md §3): definitions, visibility, and the exact
// expansion rules, through readXml and on the expansion loop alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readXml } from "./read_xml.ts";
import type { ReadXmlOptions, XmlElement } from "./types.ts";
import { expandReferences } from "./variables.ts";

const wazuh: ReadXmlOptions = { dialect: "wazuh" };

function read(text: string, options: ReadXmlOptions = wazuh): { roots: readonly XmlElement[]; codes: string[] } {
  const doc = readXml(text, "v.xml", options);
  return { roots: doc.roots, codes: doc.diagnostics.map((d) => d.code) };
}

/** The text of the single non-var root after the definitions in `defs`. */
function expanded(defs: string, content: string): string {
  const { roots, codes } = read(`${defs}<x>${content}</x>`);
  assert.deepEqual(codes, []);
  return roots[0]!.text;
}

const defs = '<var name="FREQ">8</var><var name="WORDS">core_dumped|failure| bad </var>';

test("a definition expands later contents and attribute values; the var element is removed", () => {
  const { roots, codes } = read(`${defs}\n<group name="$WORDS"><rule frequency="$FREQ" id="1"><match>$WORDS</match></rule></group>`);
  assert.deepEqual(codes, []);
  assert.deepEqual(roots.map((r) => r.name), ["group"]);
  const rule = roots[0]!.children[0]!;
  assert.equal(roots[0]!.attributes[0]!.value, "core_dumped|failure| bad ");
  assert.equal(rule.attributes[0]!.value, "8");
  assert.equal(rule.children[0]!.text, "core_dumped|failure| bad ");
});

test("names compare case-insensitively; values are not themselves expanded", () => {
  assert.equal(expanded('<var name="Freq">8</var><VAR name="B">$FREQ</VAR>', "x $freq, $b."), "x 8, $FREQ.");
});

test("a definition at any depth counts, and is removed there", () => {
  const { roots, codes } = read('<group><var name="ID">^257$|^5000$</var><rule><id>$ID</id></rule></group>');
  assert.deepEqual(codes, []);
  assert.deepEqual(roots[0]!.children.map((c) => c.name), ["rule"]);
  assert.equal(roots[0]!.children[0]!.children[0]!.text, "^257$|^5000$");
});

test("NAME ends at $ . | , space or the end; the terminator is kept", () => {
  assert.equal(expanded(defs, "a$FREQ.b"), "a8.b");
  assert.equal(expanded(defs, "$FREQ|$FREQ,$FREQ $FREQ"), "8|8,8 8");
  assert.equal(expanded(defs, "x=$FREQ"), "x=8");
});

test("a $ ending a name starts the next one: $A$B expands both, $$A keeps the first $", () => {
  assert.equal(expanded(defs, "$FREQ$FREQ"), "88");
  assert.equal(expanded(defs, "$$FREQ"), "$8");
});

test("$ followed by a terminator or the end is left alone (regex anchors)", () => {
  assert.equal(expanded(defs, "abc$"), "abc$");
  assert.equal(expanded(defs, "^1$|^2$"), "^1$|^2$");
  assert.equal(expanded(defs, "a$ b$.c$,d$|$"), "a$ b$.c$,d$|$");
});

test("$(...) placeholders are left alone", () => {
  assert.equal(expanded(defs, "user $(srcuser) from $(srcip)"), "user $(srcuser) from $(srcip)");
});

test("contents of at most two characters are not expanded", () => {
  const { roots, codes } = read('<var name="A">long</var><x>$A</x><y>$A.</y><z a="$A"/>');
  assert.deepEqual(codes, []);
  assert.deepEqual(roots.map((r) => r.text), ["$A", "long.", ""]);
  assert.equal(roots[2]!.attributes[0]!.value, "$A");
});

test("nothing happens before the first definition: $NAME stays, no error", () => {
  const { roots, codes } = read('<x>$UNKNOWN here</x><var name="A">1</var><y>$A.</y>');
  assert.deepEqual(codes, []);
  assert.deepEqual(roots.map((r) => r.text), ["$UNKNOWN here", "1."]);
});

test("after a definition, an unknown $NAME is an error and stays as written", () => {
  const { roots, codes } = read('<var name="A">1</var><x>$A $B</x>');
  assert.deepEqual(codes, ["XML_UNDEFINED_VARIABLE"]);
  assert.equal(roots[0]!.text, "1 $B");
});

test("only definitions whose <var> starts before the element are visible (os_xml node order)", () => {
  // <outer> starts before the definition: its own text is not expanded, and $A is unknown there.
  const { roots, codes } = read('<var name="Z">0</var><outer><var name="A">1</var><in>$A.</in> $A.</outer>');
  assert.deepEqual(codes, ["XML_UNDEFINED_VARIABLE"]);
  assert.equal(roots[0]!.children[0]!.text, "1.");
  assert.equal(roots[0]!.text, " $A.");
});

test("the first definition of a name wins", () => {
  assert.equal(expanded('<var name="A">first</var><var name="a">second</var>', "$A."), "first.");
});

test("variables are per file", () => {
  read('<var name="A">1</var>');
  assert.equal(read("<x>$A.</x>").roots[0]!.text, "$A.");
});

test("variables: false keeps <var> as an element and expands nothing", () => {
  const { roots, codes } = read('<var name="A">1</var><x>$A.</x>', { dialect: "wazuh", variables: false });
  assert.deepEqual(codes, []);
  assert.deepEqual(roots.map((r) => [r.name, r.text]), [["var", "1"], ["x", "$A."]]);
});

test("the config dialect expands variables too, after decoding entities", () => {
  const { roots, codes } = read('<var name="A">x&amp;y</var><c>$A &lt;</c>', {});
  assert.deepEqual(codes, []);
  assert.equal(roots[0]!.text, "x&y <");
});

test("expandReferences on its own reports each unknown name with the index of its $", () => {
  const unknown: [number, string][] = [];
  const out = expandReferences("$A-$B $C.", (n) => (n === "C" ? "c" : undefined), (i, n) => unknown.push([i, n]));
  assert.equal(out, "$A-$B c.");
  assert.deepEqual(unknown, [[0, "A-"], [3, "B"]]);
});
