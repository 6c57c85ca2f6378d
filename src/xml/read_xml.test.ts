// The reader on well-formed input: trees, positions, both dialects, os_xml's quirks.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SourceLocation } from "../core/mod.ts";
import { readXml } from "./read_xml.ts";
import type { ReadXmlOptions, XmlElement } from "./types.ts";

const wazuh: ReadXmlOptions = { dialect: "wazuh" };

function at(loc: SourceLocation): string {
  return `${loc.line}:${loc.column}`;
}

/** Reads `text` and insists it produced no diagnostic. */
function read(text: string, options?: ReadXmlOptions): readonly XmlElement[] {
  const doc = readXml(text, "t.xml", options);
  assert.deepEqual(doc.diagnostics, []);
  return doc.roots;
}

function only(text: string, options?: ReadXmlOptions): XmlElement {
  const roots = read(text, options);
  assert.equal(roots.length, 1);
  return roots[0]!;
}

test("several roots, children and attributes, each with its line:col and file", () => {
  const doc = readXml('<group name="a">\n  <rule id="1" level=\'3\'>\n    <match>x</match>\n  </rule>\n</group>\n<group/>\n', "rules/local.xml");
  assert.deepEqual(doc.diagnostics, []);
  assert.deepEqual(doc.roots.map((r) => r.name), ["group", "group"]);
  const group = doc.roots[0]!;
  const rule = group.children[0]!;
  const match = rule.children[0]!;
  assert.equal(group.location.file, "rules/local.xml");
  assert.deepEqual([at(group.location), at(rule.location), at(match.location), at(doc.roots[1]!.location)], ["1:1", "2:3", "3:5", "6:1"]);
  assert.deepEqual(rule.attributes.map((a) => [a.name, a.value, at(a.location), at(a.valueLocation)]), [
    ["id", "1", "2:9", "2:13"],
    ["level", "3", "2:16", "2:23"],
  ]);
  assert.equal(match.text, "x");
  assert.equal(at(match.textLocation), "3:12");
  assert.equal(match.textLocation.file, "rules/local.xml");
});

test("self-closing and empty elements have empty text", () => {
  const [a, b, c] = read('<a/><b x="1" /><c></c>');
  assert.deepEqual([a!.text, b!.text, c!.text], ["", "", ""]);
  assert.deepEqual(b!.attributes.map((x) => x.value), ["1"]);
  assert.deepEqual(a!.children, []);
});

test("content is raw: whitespace kept; with children, only the text after the last child", () => {
  assert.equal(only("<a>  x \n\t y  </a>").text, "  x \n\t y  ");
  const parent = only("<a>before<b>1</b>middle<c/>\n after </a>");
  assert.equal(parent.text, "\n after ");
  assert.equal(at(parent.textLocation), "1:28");
  assert.equal(only("<a>before<b/></a>").text, "");
});

test("comments are removed everywhere, ended by --> or by os_xml's !>", () => {
  const roots = read("<!-- head -->\n<a>x<!-- inner -->y<! old style !>z</a><!-- <b>not an element</b> -->");
  assert.equal(roots.length, 1);
  assert.equal(roots[0]!.text, "xyz");
  assert.equal(only("<a><!---->v</a>").text, "v");
});

test("the <?xml ?> declaration and a byte-order mark are skipped", () => {
  const a = only('\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<a>1</a>');
  assert.equal(a.text, "1");
  assert.equal(at(a.location), "2:1");
});

test("attribute spacing around = and both quote kinds; quotes of the other kind are content", () => {
  const a = only(`<a x = "it's" y='say "hi"'\n   z="a>b"/>`);
  assert.deepEqual(a.attributes.map((x) => [x.name, x.value]), [["x", "it's"], ["y", 'say "hi"'], ["z", "a>b"]]);
  assert.equal(at(a.attributes[2]!.location), "2:4");
});

test("wazuh: a < after an odd number of backslashes is content and the backslash stays", () => {
  assert.equal(only("<regex>\\<script</regex>", wazuh).text, "\\<script");
  assert.equal(only("<regex>a\\\\\\<b</regex>", wazuh).text, "a\\\\\\<b");
  // An even number escapes only the backslashes: the < starts the end tag.
  assert.equal(only("<field>C:\\\\</field>", wazuh).text, "C:\\\\");
  assert.equal(only("<r>\\<log>\\.+\\</log></r>", wazuh).text, "\\<log>\\.+\\</log>");
});

test("wazuh: no entity decoding, > is plain content", () => {
  assert.equal(only("<a>&lt;b&gt; &amp; &#233; a>b</a>", wazuh).text, "&lt;b&gt; &amp; &#233; a>b");
  assert.equal(only('<a x="&quot;"/>', wazuh).attributes[0]!.value, "&quot;");
});

test("wazuh: <![CDATA[ is not CDATA but an os_xml comment", () => {
  assert.equal(only("<a>x<![CDATA[ignored]]!>y</a>", wazuh).text, "xy");
});

test("config: the five entities and character references are decoded, in text and attributes", () => {
  const a = only('<a v="&lt;&#x41;&#66;&gt;">&lt;&gt;&amp;&quot;&apos; &#233;&#xE9; &#x1F600;</a>');
  assert.equal(a.text, "<>&\"' éé \u{1F600}");
  assert.equal(a.attributes[0]!.value, "<AB>");
});

test("config: a bare & (shell commands) is kept as written, silently", () => {
  assert.equal(only("<command>a && b & c</command>").text, "a && b & c");
});

test("config: CDATA is text, taken literally and joined to the text around it", () => {
  const a = only("<a>x &amp; <![CDATA[<b>&amp;</b>]]> y</a>");
  assert.equal(a.text, "x & <b>&amp;</b> y");
});

test("config: \\< is content as in the wazuh dialect", () => {
  assert.equal(only("<a>\\<b</a>").text, "\\<b");
});

test("CRLF line endings count lines by \\n", () => {
  const doc = readXml("<a>\r\n  <b>x</b>\r\n</a>\r\n", "t.xml");
  const b = doc.roots[0]!.children[0]!;
  assert.equal(at(b.location), "2:3");
  assert.equal(doc.roots[0]!.text, "\r\n");
});

test("positions are in UTF-16 columns after non-ASCII text", () => {
  const a = only("<a>é<b/></a>");
  assert.equal(at(a.children[0]!.location), "1:5");
});

test("empty input and whitespace give no roots and no diagnostics", () => {
  assert.deepEqual(read(""), []);
  assert.deepEqual(read("  \n\t\n"), []);
});

test("deep nesting is read without recursion", () => {
  const depth = 20000;
  const text = "<a>".repeat(depth) + "x" + "</a>".repeat(depth);
  let el = only(text);
  let n = 1;
  while (el.children.length > 0) {
    el = el.children[0]!;
    n++;
  }
  assert.equal(n, depth);
  assert.equal(el.text, "x");
});

test("element names keep their case and may use - _ . : and digits", () => {
  const a = only("<Active-Response><rules_id.x:y2/></Active-Response>");
  assert.equal(a.name, "Active-Response");
  assert.equal(a.children[0]!.name, "rules_id.x:y2");
});

test("JSON.stringify includes positions", () => {
  const json = JSON.parse(JSON.stringify(only('<a x="1">t</a>'))) as Record<string, unknown>;
  assert.deepEqual(json, {
    name: "a",
    attributes: [{ name: "x", value: "1", location: { file: "t.xml", line: 1, column: 4 }, valueLocation: { file: "t.xml", line: 1, column: 7 } }],
    children: [],
    text: "t",
    location: { file: "t.xml", line: 1, column: 1 },
    textLocation: { file: "t.xml", line: 1, column: 10 },
  });
});

test("never throws, whatever the input (seeded random markup)", () => {
  const alphabet = ["<", ">", "/", "!", "?", "-", '"', "'", "=", "&", ";", "#", "\\", "$", "a", "b", " ", "\n", "\u0001", "[", "]", "CDATA", "var", "name"];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let round = 0; round < 500; round++) {
    let text = "";
    for (let i = next() % 80; i > 0; i--) text += alphabet[next() % alphabet.length];
    for (const dialect of ["wazuh", "config"] as const) {
      const doc = readXml(text, "fuzz.xml", { dialect });
      for (const d of doc.diagnostics) assert.notEqual(d.code, "ERR_INTERNAL", `${JSON.stringify(text)}: ${d.message}`);
      JSON.stringify(doc.roots);
    }
  }
});
