import { test } from "node:test";
import assert from "node:assert/strict";
import { compileLookup, parseCdbList } from "./mod.ts";

const list = parseCdbList("etc/lists/x", 'root:admin\n192.168.:lan\n10.0.0.5:bad\n"a:b":"c:d"\nno colon line\nroot:second\r\nuser1:\n');

test("parseCdbList() keeps the first occurrence, quoted keys and values, skips lines without a colon", () => {
  assert.equal(list.entries.get("root"), "admin");
  assert.equal(list.entries.get("a:b"), "c:d");
  assert.equal(list.entries.get("user1"), "");
  assert.equal(list.entries.has("no colon line"), false);
  assert.equal(list.entries.size, 5);
});

test("compileLookup() match_key and not_match_key compare keys exactly", () => {
  assert.equal(compileLookup(list, "match_key")("root"), true);
  assert.equal(compileLookup(list, "match_key")("Root"), false);
  assert.equal(compileLookup(list, "not_match_key")("nobody"), true);
});

test("compileLookup() match_key_value needs check_value", () => {
  assert.equal(compileLookup(list, "match_key_value")("root"), false);
  assert.equal(compileLookup(list, "match_key_value", (v) => v === "admin")("root"), true);
  assert.equal(compileLookup(list, "match_key_value", (v) => v === "x")("root"), false);
});

test("compileLookup() address_match_key accepts dot-ended prefixes", () => {
  const f = compileLookup(list, "address_match_key");
  assert.equal(f("192.168.1.5"), true);
  assert.equal(f("10.0.0.5"), true);
  assert.equal(f("10.0.0.6"), false);
  assert.equal(compileLookup(list, "not_address_match_key")("10.0.0.6"), true);
});

test("compileLookup() address_match_key_value is inverted as in Wazuh 4.14.7", () => {
  const lan = (v: string) => v === "lan";
  assert.equal(compileLookup(list, "address_match_key_value", lan)("192.168.1.5"), false);
  assert.equal(compileLookup(list, "address_match_key_value", lan)("10.0.0.5"), true);
  assert.equal(compileLookup(list, "address_match_key_value", lan)("8.8.8.8"), true);
});
