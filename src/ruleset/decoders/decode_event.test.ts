import { test } from "node:test";
import assert from "node:assert/strict";
import type { RawEvent } from "../../core/mod.ts";
import { readXml } from "../../xml/mod.ts";
import { decodeEvent, loadDecoders, type DecoderSet } from "./mod.ts";

function load(xml: string): DecoderSet {
  const r = loadDecoders([readXml(xml, "test.xml", { dialect: "wazuh" })]);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  return r.decoders;
}

const ev = (log: string): RawEvent => ({ agentId: "000", agentName: "m", location: "stdin", log, queue: "1", receivedAt: 0 });

function decode(set: DecoderSet, log: string) {
  const d = decodeEvent(set, ev(log), { managerName: "m" });
  return { name: d.decoderName ?? "", parent: d.decoderParent, fields: Object.fromEntries(d.fields) };
}

const SSHD = `
<decoder name="sshd">
  <program_name>^sshd</program_name>
</decoder>
<decoder name="sshd-failed">
  <parent>sshd</parent>
  <prematch>^Failed \\S+ </prematch>
  <regex offset="after_prematch">^for (\\S+) from (\\S+) port (\\d+)</regex>
  <order>user, srcip, srcport</order>
</decoder>
<decoder name="sshd-other">
  <parent>sshd</parent>
  <regex>^(\\w+) (\\w+)</regex>
  <order>first, Second</order>
</decoder>
<decoder name="generic">
  <prematch>^Failed </prematch>
</decoder>
`;

test("decodeEvent() program_name + child prematch + regex after_prematch fill static fields", () => {
  const set = load(SSHD);
  const d = decode(set, "Dec 29 10:00:01 h sshd[1]: Failed password for root from 1.2.3.4 port 22 ssh2");
  assert.deepEqual(d, { name: "sshd", parent: "sshd", fields: { dstuser: "root", srcip: "1.2.3.4", srcport: "22" } });
});

test("decodeEvent() a child without prematch keeps the parent's name; unknown names are dynamic", () => {
  const set = load(SSHD);
  const e = decodeEvent(set, ev("Dec 29 10:00:01 h sshd[1]: hello world"), { managerName: "m" });
  assert.equal(e.decoderName, "sshd");
  assert.equal(e.decoderParent, undefined);
  assert.equal(e.field("first"), "hello");
  assert.equal(e.dynamicField("second"), "world");
  assert.equal(e.staticField("srcip"), undefined);
});

test("decodeEvent() events with a program name never reach prematch-only decoders", () => {
  const set = load(SSHD);
  assert.equal(decode(set, "Dec 29 10:00:01 h other[1]: Failed password").name, "");
  assert.equal(decode(set, "Failed password").name, "generic");
});

test("decodeEvent() the first accepted parent is final even when no child fits", () => {
  const set = load(`
<decoder name="a"><prematch>^x</prematch></decoder>
<decoder name="a-child"><parent>a</parent><prematch>^nomatch</prematch><regex>(\\w+)</regex><order>f</order></decoder>
<decoder name="b"><prematch>^x</prematch><regex>^(\\w+)</regex><order>g</order></decoder>`);
  assert.deepEqual(decode(set, "xyz"), { name: "a", parent: undefined, fields: {} });
});

test("decodeEvent() an empty program_name matches any program name", () => {
  const set = load(`<decoder name="any"><program_name></program_name><prematch>^pam</prematch></decoder>`);
  assert.equal(decode(set, "Dec 29 10:00:01 h whatever: pam_unix x").name, "any");
  assert.equal(decode(set, "pam_unix x").name, "");
});

test("decodeEvent() prematch offset after_parent and use_own_name", () => {
  const set = load(`
<decoder name="p"><prematch>^KEY: </prematch></decoder>
<decoder name="c1"><parent>p</parent><prematch offset="after_parent">^one</prematch></decoder>
<decoder name="c2"><parent>p</parent><use_own_name>true</use_own_name><prematch offset="after_parent">^two </prematch>
  <regex offset="after_prematch">^(\\d+)</regex><order>id</order></decoder>`);
  assert.deepEqual(decode(set, "KEY: one"), { name: "p", parent: "p", fields: {} });
  assert.deepEqual(decode(set, "KEY: two 42"), { name: "c2", parent: "p", fields: { id: "42" } });
  assert.deepEqual(decode(set, "KEY: three one"), { name: "p", parent: undefined, fields: {} });
});

const CHAIN = `
<decoder name="kv"><prematch>^kv: </prematch></decoder>
<decoder name="kv-fields"><parent>kv</parent><regex>a=(\\w+)</regex><order>a</order></decoder>
<decoder name="kv-fields"><parent>kv</parent><regex offset="after_regex">^ b=(\\w+)</regex><order>b</order></decoder>
<decoder name="kv-fields"><parent>kv</parent><regex offset="after_regex">^ c=(\\w+)</regex><order>c</order></decoder>
<decoder name="kv-fields"><parent>kv</parent><regex>z=(\\w+)</regex><order>z</order></decoder>`;

test("decodeEvent() same-name siblings run as a chain; after_regex continues after the previous regex", () => {
  const set = load(CHAIN);
  assert.deepEqual(decode(set, "kv: a=1 b=2 c=3 z=9").fields, { a: "1", b: "2", c: "3", z: "9" });
});

test("decodeEvent() a failed link does not stop the chain nor move after_regex", () => {
  const set = load(CHAIN);
  // b fails, so c's after_regex still starts right after "a=1".
  assert.deepEqual(decode(set, "kv: a=1 c=3 z=9").fields, { a: "1", c: "3", z: "9" });
  assert.deepEqual(decode(set, "kv: a=1 x=2 c=3 z=9").fields, { a: "1", z: "9" });
  assert.deepEqual(decode(set, "kv: z=9").fields, { z: "9" });
});

test("decodeEvent() a failed chain head skips its whole group", () => {
  const set = load(`
<decoder name="p"><prematch>^p </prematch></decoder>
<decoder name="g"><parent>p</parent><prematch>^p G</prematch><regex>(\\w+)$</regex><order>g1</order></decoder>
<decoder name="g"><parent>p</parent><regex>(\\w+)</regex><order>g2</order></decoder>
<decoder name="h"><parent>p</parent><regex>^p (\\w+)</regex><order>h</order></decoder>`);
  assert.deepEqual(decode(set, "p X"), { name: "p", parent: undefined, fields: { h: "X" } });
  assert.deepEqual(decode(set, "p G end"), { name: "p", parent: "p", fields: { g1: "end", g2: "p" } });
});

test("decodeEvent() static names overwrite, dynamic names keep the first value", () => {
  const set = load(`
<decoder name="p"><prematch>^x </prematch></decoder>
<decoder name="f"><parent>p</parent><regex>^x (\\S+) (\\S+) (\\S+) (\\S+)</regex><order>srcip, srcip, dyn, DYN</order></decoder>`);
  const e = decodeEvent(set, ev("x 1.1.1.1 2.2.2.2 a b"), { managerName: "m" });
  assert.equal(e.staticField("srcip"), "2.2.2.2");
  assert.equal(e.field("dyn"), "a");
  assert.equal(e.dynamicField("Dyn"), "a");
});

test("decodeEvent() type, fts and accumulate come from the event's decoder", () => {
  const set = load(`
<decoder name="fw"><prematch>^fw </prematch><type>firewall</type><regex>^fw (\w+)</regex><order>action</order><fts>name, srcip</fts><accumulate/></decoder>`);
  const e = decodeEvent(set, ev("fw drop"), { managerName: "m" });
  assert.deepEqual(e.decoder, { name: "fw", id: 1, type: "firewall", fts: ["name", "srcip"], accumulate: true });
});

test("decodeEvent() program_name candidates are cached per set without changing results", () => {
  const set = load(SSHD);
  for (let i = 0; i < 3; i++) assert.equal(decode(set, "Dec 29 10:00:01 h sshd[1]: Failed password for a from b port 1").fields.srcip, "b");
  for (let i = 0; i < 5000; i++) decode(set, `Dec 29 10:00:01 h prog${i}: x`);
  assert.equal(decode(set, "Dec 29 10:00:01 h sshd[1]: Failed password for a from b port 1").fields.srcip, "b");
});

test("decodeEvent() never throws on hostile input", () => {
  const set = load(SSHD + CHAIN);
  const lines = ["", "\u0000", "x".repeat(1_000_000), "Dec 29 10:00:01 h sshd[1]: " + "Failed ".repeat(10000), "\ud800kv: a=\udfff", "kv: " + "a=".repeat(50000)];
  for (const l of lines) assert.equal(typeof decode(set, l).name, "string");
});

test("decodeEvent() JSON plug-in offsets follow the event's decoder", () => {
  const set = load(`
<decoder name="eset"><program_name>^ERAServer$</program_name></decoder>
<decoder name="eset-child"><parent>eset</parent><plugin_decoder offset="after_parent">JSON_Decoder</plugin_decoder></decoder>
<decoder name="ar"><prematch>^AR: </prematch></decoder>
<decoder name="ar-child"><parent>ar</parent><prematch>^AR: bin: </prematch><plugin_decoder offset="after_prematch">JSON_Decoder</plugin_decoder></decoder>
<decoder name="ar-child"><parent>ar</parent><regex type="pcre2">"n":(\\d+)</regex><order>n2</order></decoder>
<decoder name="top"><prematch>^TOP </prematch><plugin_decoder offset="after_parent">JSON_Decoder</plugin_decoder></decoder>`);
  // The prematch-less child's offset is ignored: the parent (offset none) gives the whole log.
  assert.deepEqual(decode(set, 'Dec 29 10:00:01 h ERAServer[1]: {"a":1}').fields, { a: "1" });
  // A child matched through its prematch: its own after_prematch offset, then the chain.
  assert.deepEqual(decode(set, 'AR: bin: {"n":5}'), { name: "ar", parent: "ar", fields: { n: "5", n2: "5" } });
  // Wazuh compat: a top-level after_parent plug-in reads log_after_parent, which is unset.
  assert.deepEqual(decode(set, 'TOP {"a":1}').fields, {});
});
