// The reader on malformed input: every code at its exact position, with a hint, and the
// recovery that lets independent mistakes be reported together.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDiagnostic } from "../core/mod.ts";
import type { Diagnostic } from "../core/mod.ts";
import { xmlCodes } from "./codes.ts";
import { readXml } from "./read_xml.ts";
import type { ReadXmlOptions } from "./types.ts";

interface Case {
  readonly code: keyof typeof xmlCodes;
  readonly input: string;
  /** Every diagnostic expected, as "CODE line:col". */
  readonly expect: readonly string[];
  readonly options?: ReadXmlOptions;
  readonly what: string;
}

function short(d: Diagnostic): string {
  return `${d.code} ${d.location?.line}:${d.location?.column}`;
}

const cases: readonly Case[] = [
  { what: "wrong end tag", code: "XML_MISMATCHED_END_TAG", input: "<ossec_config>\n  <global>\n    <x>1</x>\n  </active-response>\n</ossec_config>", expect: ["XML_MISMATCHED_END_TAG 4:3"] },
  { what: "end tag of an outer element (inner left open)", code: "XML_MISMATCHED_END_TAG", input: "<a>\n<b>\n<c>\n</a>", expect: ["XML_MISMATCHED_END_TAG 4:1"] },
  { what: "stray end tag inside an element", code: "XML_MISMATCHED_END_TAG", input: "<a>x</foo>y</a>", expect: ["XML_MISMATCHED_END_TAG 1:5"] },
  { what: "end tag in another case", code: "XML_MISMATCHED_END_TAG", input: "<Rule>\n</rule>", expect: ["XML_MISMATCHED_END_TAG 2:1"] },
  { what: "end tag with nothing open", code: "XML_STRAY_END_TAG", input: "<a/>\n  </b>", expect: ["XML_STRAY_END_TAG 2:3"] },
  { what: "unclosed at end of file", code: "XML_UNCLOSED_ELEMENT", input: "<a>\n  <b>\n", expect: ["XML_UNCLOSED_ELEMENT 1:1", "XML_UNCLOSED_ELEMENT 2:3"] },
  { what: "start tag without >", code: "XML_MALFORMED_TAG", input: '<a>\n  <b x="1"\n  <c/>\n</a>', expect: ["XML_MALFORMED_TAG 2:3"] },
  { what: "start tag without > at end of file", code: "XML_MALFORMED_TAG", input: "<a", expect: ["XML_MALFORMED_TAG 1:1"] },
  { what: "junk in a start tag", code: "XML_MALFORMED_TAG", input: '<a x="1" @@ y="2"/>', expect: ["XML_MALFORMED_TAG 1:10"] },
  { what: "end tag with a space before the name", code: "XML_MALFORMED_TAG", input: "<a>\n</ a>", expect: ["XML_MALFORMED_TAG 2:1"] },
  { what: "end tag without a name", code: "XML_MALFORMED_TAG", input: "<a>x</>y</a>", expect: ["XML_MALFORMED_TAG 1:5"] },
  { what: "end tag with an attribute", code: "XML_MALFORMED_TAG", input: '<a></a x="1">', expect: ["XML_MALFORMED_TAG 1:8"] },
  { what: "unquoted value", code: "XML_BAD_ATTRIBUTE", input: '<rule id=100 level="3"/>', expect: ["XML_BAD_ATTRIBUTE 1:10"] },
  { what: "missing =", code: "XML_BAD_ATTRIBUTE", input: '<rule id "100"/>', expect: ["XML_BAD_ATTRIBUTE 1:10"] },
  { what: "attribute without value", code: "XML_BAD_ATTRIBUTE", input: "<rule\n  noalert/>", expect: ["XML_BAD_ATTRIBUTE 2:3"] },
  { what: "= without value", code: "XML_BAD_ATTRIBUTE", input: "<rule id=/>", expect: ["XML_BAD_ATTRIBUTE 1:10"] },
  { what: "value never closed", code: "XML_BAD_ATTRIBUTE", input: '<a><b x="1>t</b></a>', expect: ["XML_BAD_ATTRIBUTE 1:9"] },
  { what: "duplicate attribute", code: "XML_DUPLICATE_ATTRIBUTE", input: '<rule id="1"\n      ID="2"/>', expect: ["XML_DUPLICATE_ATTRIBUTE 2:7"] },
  { what: "control character in text", code: "XML_INVALID_CHARACTER", input: "<a>\n ok\u0001</a>", expect: ["XML_INVALID_CHARACTER 2:4"] },
  { what: "control character in an attribute", code: "XML_INVALID_CHARACTER", input: '<a x="\u001b[0m"/>', expect: ["XML_INVALID_CHARACTER 1:7"] },
  { what: "< followed by junk", code: "XML_INVALID_CHARACTER", input: "<a>1 < 2 <= 3 <3</a>", expect: ["XML_INVALID_CHARACTER 1:6", "XML_INVALID_CHARACTER 1:10", "XML_INVALID_CHARACTER 1:15"] },
  { what: "unterminated comment", code: "XML_UNTERMINATED_COMMENT", input: "<a>\n  <!-- note\n  <b/>\n</a>", expect: ["XML_UNTERMINATED_COMMENT 2:3"] },
  { what: "unterminated CDATA", code: "XML_UNTERMINATED_CDATA", input: "<a><![CDATA[x</a>", expect: ["XML_UNTERMINATED_CDATA 1:4"] },
  { what: "unterminated declaration", code: "XML_UNTERMINATED_DECLARATION", input: '<?xml version="1.0"\n<a/>', expect: ["XML_UNTERMINATED_DECLARATION 1:1"] },
  { what: "undefined variable in text", code: "XML_UNDEFINED_VARIABLE", input: '<var name="A">1</var>\n<a>\n  x $B y</a>', expect: ["XML_UNDEFINED_VARIABLE 3:5"] },
  { what: "undefined variable in an attribute", code: "XML_UNDEFINED_VARIABLE", input: '<var name="A">1</var>\n<rule frequency="$FREQ"/>', expect: ["XML_UNDEFINED_VARIABLE 2:18"] },
  { what: "var without name", code: "XML_BAD_VARIABLE", input: "<var>1</var>", expect: ["XML_BAD_VARIABLE 1:1"] },
  { what: "var with an empty name", code: "XML_BAD_VARIABLE", input: '\n<var name="">1</var>', expect: ["XML_BAD_VARIABLE 2:1"] },
  { what: "var with another attribute", code: "XML_BAD_VARIABLE", input: '<var name="A" type="x">1</var>', expect: ["XML_BAD_VARIABLE 1:1"] },
  { what: "unknown entity (config)", code: "XML_UNKNOWN_ENTITY", input: "<a>x&nbsp;y</a>", expect: ["XML_UNKNOWN_ENTITY 1:5"] },
  { what: "bad character reference (config)", code: "XML_BAD_CHARACTER_REFERENCE", input: '<a x="&#0;">&#xD800;&#1114112;&#x;</a>', expect: ["XML_BAD_CHARACTER_REFERENCE 1:7", "XML_BAD_CHARACTER_REFERENCE 1:13", "XML_BAD_CHARACTER_REFERENCE 1:21", "XML_BAD_CHARACTER_REFERENCE 1:31"] },
  { what: "text outside elements", code: "XML_TEXT_OUTSIDE_ELEMENT", input: "<a/>\n  oops <b/>", expect: ["XML_TEXT_OUTSIDE_ELEMENT 2:3"] },
];

for (const c of cases) {
  test(`${c.code}: ${c.what}`, () => {
    const doc = readXml(c.input, "t.xml", c.options);
    assert.deepEqual(doc.diagnostics.map(short), c.expect, doc.diagnostics.map(formatDiagnostic).join("\n"));
    for (const d of doc.diagnostics) {
      assert.ok(d.hint && d.hint.length > 0, `no hint: ${formatDiagnostic(d)}`);
      assert.ok(!/\n|\.$/.test(d.message), `message style: ${d.message}`);
    }
  });
}

test("every registered code has a case here (or its own test below)", () => {
  const covered = new Set<string>([...cases.map((c) => c.code), "XML_TOO_MANY_ERRORS"]);
  assert.deepEqual(Object.keys(xmlCodes).filter((k) => !covered.has(k)), []);
});

test("warnings are warnings, everything else is an error", () => {
  const warnings = new Set(["XML_UNKNOWN_ENTITY", "XML_TEXT_OUTSIDE_ELEMENT"]);
  for (const c of cases) {
    for (const d of readXml(c.input, "t.xml", c.options).diagnostics) assert.equal(d.severity, warnings.has(d.code) ? "warning" : "error", d.code);
  }
});

test("a wrong end tag: the hint names the open element and where it was opened; reading goes on", () => {
  const doc = readXml("<ossec_config>\n  <global>\n    <x>1</x>\n  </active-response>\n  <command/>\n</ossec_config>", "ossec.conf");
  assert.deepEqual(doc.diagnostics.map(formatDiagnostic), [
    'ossec.conf:4:3: error XML_MISMATCHED_END_TAG: End tag "</active-response>" does not match the open element "<global>" (hint: "<global>" opened at 2:3 is still open; close it with "</global>" first)',
  ]);
  // It closed <global>: <command> is its sibling, not its child.
  assert.deepEqual(doc.roots[0]!.children.map((c) => c.name), ["global", "command"]);
});

test("an end tag of an outer element closes the inner ones with it", () => {
  const doc = readXml("<a>\n<b>\n<c>\n</a>\n<d/>", "t.xml");
  assert.match(doc.diagnostics[0]!.hint ?? "", /"<c>" opened at 3:1/);
  assert.deepEqual(doc.roots.map((r) => r.name), ["a", "d"]);
  assert.equal(doc.roots[0]!.children[0]!.children[0]!.name, "c");
});

test("a stray end tag inside an element is skipped when the element's own end tag follows", () => {
  const doc = readXml("<a>x</foo>y</a>", "t.xml");
  assert.equal(doc.roots[0]!.text, "xy");
});

test("an end tag differing only in case says so", () => {
  const doc = readXml("<Rule>\n</rule>", "t.xml");
  assert.match(doc.diagnostics[0]!.hint ?? "", /case-sensitive/);
  assert.equal(doc.roots.length, 1);
});

test("bad attributes still yield their values, so later stages can go on", () => {
  const doc = readXml('<rule id=100 level "3" noalert x="1>', "t.xml");
  const rule = doc.roots[0]!;
  assert.deepEqual(rule.attributes.map((a) => [a.name, a.value]), [["id", "100"], ["level", "3"], ["noalert", ""], ["x", "1"]]);
  assert.equal(doc.diagnostics.filter((d) => d.code === "XML_BAD_ATTRIBUTE").length, 4);
});

test("a duplicate attribute keeps the first value, and the hint points at it", () => {
  const doc = readXml('<rule id="1" id="2"/>', "t.xml");
  assert.deepEqual(doc.roots[0]!.attributes.map((a) => a.value), ["1"]);
  assert.match(doc.diagnostics[0]!.hint ?? "", /1:7/);
});

test("an unterminated comment swallows the rest without a cascade of unclosed elements", () => {
  const doc = readXml("<a>\n<!-- x\n<b/></a>", "t.xml");
  assert.deepEqual(doc.diagnostics.map((d) => d.code), ["XML_UNTERMINATED_COMMENT"]);
  assert.equal(doc.roots[0]!.name, "a");
});

test("the < hint depends on the dialect", () => {
  assert.match(readXml("<a>1 < 2</a>", "t.xml", { dialect: "wazuh" }).diagnostics[0]!.hint ?? "", /"\\<"/);
  assert.match(readXml("<a>1 < 2</a>", "t.xml").diagnostics[0]!.hint ?? "", /&lt;/);
});

test("several independent mistakes are reported at once, in order", () => {
  const text = [
    "<ossec_config>",
    '  <global a=1>',
    "    <email_notification>no</email_notificaton>",
    "  </global>",
    '  <command name="x" name="y"/>',
    "  <active-response>\u0007</active-response>",
    "  </localfile>",
    "</ossec_config>",
    "<ossec_config>",
  ].join("\n");
  const doc = readXml(text, "ossec.conf");
  assert.deepEqual(doc.diagnostics.map(short), [
    "XML_BAD_ATTRIBUTE 2:13",
    "XML_MISMATCHED_END_TAG 3:27",
    "XML_DUPLICATE_ATTRIBUTE 5:21",
    "XML_INVALID_CHARACTER 6:20",
    "XML_MISMATCHED_END_TAG 7:3",
    "XML_UNCLOSED_ELEMENT 9:1",
  ]);
  assert.deepEqual(doc.roots[0]!.children.map((c) => c.name), ["global", "command", "active-response"]);
});

test("XML_TOO_MANY_ERRORS: a binary file stops after 200 errors", () => {
  const doc = readXml("<a>" + "\u0001".repeat(1000) + "</a>", "bin.xml");
  const codes = doc.diagnostics.map((d) => d.code);
  assert.equal(codes.filter((c) => c === "XML_INVALID_CHARACTER").length, 200);
  assert.deepEqual(codes.slice(-1), ["XML_TOO_MANY_ERRORS"]);
  assert.equal(doc.diagnostics.at(-1)!.location?.column, 203);
});

test("undefined variable: the hint says when the definition comes later", () => {
  const doc = readXml('<var name="A">1</var>\n<a>$B.x</a>\n<var name="b">2</var>', "t.xml");
  assert.equal(doc.diagnostics.length, 1);
  assert.match(doc.diagnostics[0]!.hint ?? "", /defined later, at 3:1/);
});

test("undefined variable: position is right after comments and entities (config)", () => {
  const doc = readXml('<var name="A">1</var>\n<a>&amp;<!-- c -->\n &lt; $NOPE</a>', "t.xml");
  assert.deepEqual(doc.diagnostics.map(short), ["XML_UNDEFINED_VARIABLE 3:7"]);
});
