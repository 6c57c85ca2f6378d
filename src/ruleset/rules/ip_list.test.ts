import { test } from "node:test";
import assert from "node:assert/strict";
import { compileIpList } from "./ip_list.ts";

test("compileIpList() matches addresses, CIDR and dotted masks, IPv6, any", () => {
  const { list, invalid } = compileIpList(["192.168.0.0/16", "10.1.1.1", "172.16.0.0/255.240.0.0", "2001:db8::/32"]);
  assert.deepEqual(invalid, []);
  assert.equal(list.matches("192.168.4.5"), true);
  assert.equal(list.matches("10.1.1.1"), true);
  assert.equal(list.matches("172.31.9.9"), true);
  assert.equal(list.matches("2001:db8::5"), true);
  assert.equal(list.matches("8.8.8.8"), false);
  assert.equal(list.matches("10.1.1.1:80"), false, "a value with a port is not an address");
  assert.equal(compileIpList(["any"]).list.matches("::1"), true);
});

test("compileIpList() a ! entry flips the answer for itself and the entries after it (Wazuh)", () => {
  const { list } = compileIpList(["!10.0.0.0/8"]);
  assert.equal(list.matches("10.2.3.4"), false);
  assert.equal(list.matches("192.0.2.1"), true);
  const mixed = compileIpList(["10.0.0.0/8", "!192.168.0.0/16"]).list;
  assert.equal(mixed.matches("10.0.0.1"), true);
  assert.equal(mixed.matches("192.168.1.1"), false);
  assert.equal(mixed.matches("8.8.8.8"), true);
});

test("compileIpList() reports invalid entries", () => {
  assert.deepEqual(compileIpList(["300.1.1.1", "10.0.0.0/99", "host.example"]).invalid, ["300.1.1.1", "10.0.0.0/99", "host.example"]);
});
