import { test } from "node:test";
import assert from "node:assert/strict";
import { FieldBag } from "../field_bag.ts";
import { jsonDecoder } from "./json_decoder.ts";
import { formatJsonNumber } from "./cjson_format.ts";
import { readJson } from "./json_reader.ts";

function run(text: string, opts: { jsonNull?: "string" | "discard" | "empty"; jsonArray?: "array" | "csv" } = {}) {
  const bag = new FieldBag();
  jsonDecoder({ input: text, log: text, jsonNull: opts.jsonNull ?? "string", jsonArray: opts.jsonArray ?? "array", hostname: "h", location: "l" }, bag, {});
  return { bag, fields: Object.fromEntries(bag.fields) };
}

test("jsonDecoder() leaves become dotted fields; top-level static names fill slots", () => {
  const { bag, fields } = run('{"srcip":"1.2.3.4","win":{"system":{"eventID":"4625"}},"data":{"srcip":"x"},"systemname":"s"}');
  assert.equal(bag.staticField("srcip"), "1.2.3.4");
  assert.equal(bag.staticField("system_name"), "s");
  assert.equal(bag.dynamicField("win.system.eventID"), "4625");
  assert.equal(bag.dynamicField("data.srcip"), "x");
  assert.deepEqual(Object.keys(fields), ["srcip", "win.system.eventID", "data.srcip", "system_name"]);
});

test("jsonDecoder() user fills dstuser only when dstuser is not set", () => {
  assert.equal(run('{"user":"a"}').bag.staticField("dstuser"), "a");
  const both = run('{"dstuser":"a","user":"b"}').bag;
  assert.equal(both.staticField("dstuser"), "a");
  assert.equal(both.dynamicField("user"), "b");
});

test("jsonDecoder() numbers print as C %d or %f", () => {
  assert.deepEqual(run('{"a":1,"b":1.5,"c":4294967295,"d":-2147483648,"e":1e3,"f":-0,"g":1e300}').fields, {
    a: "1", b: "1.500000", c: "4294967295.000000", d: "-2147483648", e: "1000", f: "0",
    g: `${BigInt(1e300).toString()}.000000`,
  });
  assert.equal(formatJsonNumber(0.1), "0.100000");
});

test("jsonDecoder() null: text null by default, dropped with discard, empty with empty", () => {
  assert.deepEqual(run('{"a":null,"b":true,"c":false}').fields, { a: "null", b: "true", c: "false" });
  assert.deepEqual(run('{"a":null}', { jsonNull: "discard" }).fields, {});
  assert.deepEqual(run('{"a":null}', { jsonNull: "empty" }).fields, { a: "" });
});

test("jsonDecoder() arrays: cJSON text by default, scalars joined with csv", () => {
  assert.deepEqual(run('{"a":["x","y"],"b":[1,2.5,null,true,{"k":1}],"c":[]}').fields, {
    a: '["x", "y"]',
    b: '[1, 2.5, null, true, {\n\t"k":\t1\n}]',
    c: "[]",
  });
  assert.deepEqual(run('{"a":["x",1,{"k":1},["n"],false],"c":[]}', { jsonArray: "csv" }).fields, { a: "x,1,false" });
});

test("jsonDecoder() duplicate keys: static last wins, dynamic first wins", () => {
  const { bag } = run('{"srcip":"a","srcip":"b","k":"1","K":"2","k":"3"}');
  assert.equal(bag.staticField("srcip"), "b");
  assert.equal(bag.dynamicField("k"), "1");
});

test("readJson() is as tolerant as cJSON: leading space, trailing text, BOM; strict inside", () => {
  assert.ok(readJson(' \t{"a":1} trailing garbage'));
  assert.ok(readJson('\ufeff{"a":1}'));
  assert.equal(readJson('{"a":1,}'), undefined);
  assert.equal(readJson('{"a":01x}'), undefined);
  assert.equal(readJson('{"a":"\\x"}'), undefined);
  assert.equal(readJson("[".repeat(2000) + "]".repeat(2000)), undefined);
  assert.deepEqual(readJson('"\\ud83d\\ude00"'), { kind: "string", value: "\ud83d\ude00" });
});

test("jsonDecoder() invalid or non-object JSON gives no fields and never throws", () => {
  for (const t of ["", "{", '{"a":', "[1,2]", "42", '{"a":"\\u12"}', "{".repeat(100000)]) assert.deepEqual(run(t).fields, {});
});

test("jsonDecoder() a \\u0000 ends a string value or key (cJSON C strings)", () => {
  assert.deepEqual(run('{"a":"x\\u0000y","b\\u0000c":"z"}').fields, { a: "x", b: "z" });
});
