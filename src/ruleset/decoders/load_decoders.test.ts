import { test } from "node:test";
import assert from "node:assert/strict";
import { readXml } from "../../xml/mod.ts";
import { decoderNames, findDecoders, loadDecoders } from "./mod.ts";

function diag(xml: string) {
  const r = loadDecoders([readXml(xml, "d.xml", { dialect: "wazuh" })]);
  return { set: r.decoders, list: r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.severity} ${d.code}`) };
}

test("loadDecoders() reports each problem with its position and keeps the good decoders", () => {
  const { set, list } = diag(`<decoder name="ok"><prematch>^ok</prematch></decoder>
<rule/>
<decoder><prematch>x</prematch></decoder>
<decoder name="a"><prematch>x</prematch><bogus/></decoder>
<decoder name="b"></decoder>
<decoder name="c"><prematch>x</prematch><regex>(x)</regex></decoder>
<decoder name="d"><prematch>x</prematch><order>f</order></decoder>
<decoder name="e"><prematch>x</prematch><regex>x</regex><order>f</order></decoder>
<decoder name="f"><prematch>x</prematch><plugin_decoder>Nope</plugin_decoder></decoder>
<decoder name="g"><parent>missing</parent><regex>(x)</regex><order>f</order></decoder>
<decoder name="h"><prematch>x</prematch><type>Firewall</type></decoder>
<decoder name="i"><prematch>(x</prematch></decoder>`);
  assert.deepEqual(list, [
    "2:1 error DEC_UNKNOWN_ROOT",
    "3:1 error DEC_MISSING_NAME",
    "4:41 error DEC_UNKNOWN_ELEMENT",
    "5:1 error DEC_NO_PREMATCH",
    "6:48 error DEC_REGEX_WITHOUT_ORDER",
    "7:48 error DEC_ORDER_WITHOUT_REGEX",
    "8:48 error DEC_REGEX_NO_GROUP",
    "9:57 error DEC_UNKNOWN_PLUGIN",
    "10:1 error DEC_UNKNOWN_PARENT",
    "11:47 error DEC_BAD_VALUE",
    "12:29 error DEC_BAD_PATTERN",
  ]);
  assert.deepEqual(decoderNames(set), ["ok"]);
});

test("loadDecoders() sibling rules: only the first may have prematch or fts, after_regex needs a sibling", () => {
  const { list } = diag(`<decoder name="p"><prematch>^p</prematch></decoder>
<decoder name="s"><parent>p</parent><regex offset="after_regex">(x)</regex><order>a</order></decoder>
<decoder name="t"><parent>p</parent><prematch>y</prematch><regex>(x)</regex><order>a</order></decoder>
<decoder name="t"><parent>p</parent><prematch>z</prematch><regex>(x)</regex><order>b</order></decoder>
<decoder name="u"><parent>p</parent><regex>(x)</regex><order>a</order></decoder>
<decoder name="u"><parent>p</parent><regex>(x)</regex><order>b</order><fts>b</fts></decoder>`);
  assert.deepEqual(list, ["2:65 error DEC_BAD_OFFSET", "4:1 error DEC_SIBLING_PREMATCH", "6:1 error DEC_SIBLING_FTS"]);
});

test("loadDecoders() children attach to every same-named parent loaded before them, in both lists", () => {
  const { set, list } = diag(`<decoder name="pam"><program_name>^pam</program_name></decoder>
<decoder name="pam"><prematch>^pam</prematch></decoder>
<decoder name="pam-c"><parent>pam</parent><regex>(\\w+)$</regex><order>x</order></decoder>`);
  assert.deepEqual(list, []);
  assert.equal(set.withProgramName[0]?.children.length, 1);
  assert.equal(set.withoutProgramName[0]?.children.length, 1);
  assert.equal(findDecoders(set, "pam").length, 2);
  assert.equal(set.idOf("pam"), 1);
  assert.equal(set.idOf("nope"), undefined);
  assert.ok(Object.isFrozen(set) && Object.isFrozen(set.withProgramName));
});

test("loadDecoders() repeated pattern elements are concatenated; after_prematch without parent is after_parent", () => {
  const { set, list } = diag(`<decoder name="r"><prematch>^a</prematch><prematch>bc</prematch><regex offset="after_prematch">^(\\w+)</regex><order>x</order></decoder>`);
  assert.deepEqual(list, []);
  const d = findDecoders(set, "r")[0];
  assert.equal(d?.prematch?.source, "^abc");
  assert.equal(d?.regexOffset, "after_parent");
});

test("loadDecoders() offset, fts, order and length rules of decode-xml.c", () => {
  const long = "a".repeat(1024);
  const { list } = diag(`<decoder name="p"><prematch>^p</prematch></decoder>
<decoder name="a"><prematch>x</prematch><regex offset="after_parent">(x)</regex><order>f</order></decoder>
<decoder name="b"><prematch offset="after_parent">x</prematch></decoder>
<decoder name="c"><parent>p</parent><regex offset="after_prematch">(x)</regex><order>f</order></decoder>
<decoder name="d"><prematch>x</prematch><fts>srcip</fts></decoder>
<decoder name="e"><prematch>x</prematch><regex>(x)</regex><order>f</order><fts>name, F, nope</fts></decoder>
<decoder name="f"><prematch>x</prematch><regex>(x)</regex><order>a,,b</order></decoder>
<decoder name="g"><prematch>${long}</prematch></decoder>
<decoder name="h"><prematch>x</prematch><Type>ids</Type></decoder>`);
  assert.deepEqual(list, [
    "2:70 error DEC_BAD_OFFSET",
    "3:51 error DEC_BAD_OFFSET",
    "4:68 error DEC_BAD_OFFSET",
    "5:46 error DEC_FTS_WITHOUT_REGEX",
    "6:80 error DEC_BAD_VALUE",
    "7:66 error DEC_BAD_VALUE",
    "8:19 error DEC_PATTERN_TOO_LONG",
    "9:41 error DEC_UNKNOWN_ELEMENT",
  ]);
});

test("loadDecoders() order words: leading spaces skipped, cut at the first space", () => {
  const { set, list } = diag(`<decoder name="o"><prematch>x</prematch><regex>(x)(y)(z)</regex><order>  srcip,user extra, Dyn</order></decoder>`);
  assert.deepEqual(list, []);
  assert.deepEqual(findDecoders(set, "o")[0]?.order, [
    { name: "srcip", isStatic: true }, { name: "dstuser", isStatic: true }, { name: "Dyn", isStatic: false },
  ]);
});

test("loadDecoders() decoderOrderSize bounds <order> and the dynamic fields of an event", async () => {
  const { decodeEvent } = await import("./mod.ts");
  const xml = `<decoder name="p"><prematch>^p </prematch></decoder>
<decoder name="c"><parent>p</parent><regex>^p (\\w+) (\\w+)</regex><order>a, b</order></decoder>
<decoder name="c"><parent>p</parent><regex>(\\w+)$</regex><order>z</order></decoder>
<decoder name="d"><prematch>^d</prematch><regex>(x)(y)(z)</regex><order>a, b, c</order></decoder>`;
  const r = loadDecoders([readXml(xml, "d.xml", { dialect: "wazuh" })], { decoderOrderSize: 2 });
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["DEC_BAD_VALUE"]);
  assert.equal(r.decoders.maxFields, 2);
  const e = decodeEvent(r.decoders, { agentId: "000", agentName: "m", location: "x", log: "p one two three", queue: "1", receivedAt: 0 }, { managerName: "m" });
  // Wazuh compat: a full field table ends the chain ("Regex has too many groups").
  assert.deepEqual(Object.fromEntries(e.fields), { a: "one", b: "two" });
});
