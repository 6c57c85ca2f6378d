import { test } from "node:test";
import assert from "node:assert/strict";
import { buildWhitelist, parseNetwork } from "./whitelist.ts";

test("buildWhitelist() matches IPv4 and IPv6 addresses, CIDRs and netmasks", () => {
  const { whitelist, diagnostics } = buildWhitelist(["127.0.0.1", "10.0.0.0/8", "192.168.1.0/255.255.255.0", "2001:db8::1", "2001:db8:1::/48", "^localhost.localdomain$"]);
  assert.deepEqual(diagnostics.map((d) => d.code), ["AR_BAD_WHITELIST"]);
  for (const ip of ["127.0.0.1", "10.200.3.4", "192.168.1.254", "2001:db8::1", "2001:DB8:1:ffff::9", "::ffff:10.1.1.1"]) assert.equal(whitelist.has(ip), true, ip);
  for (const ip of ["127.0.0.2", "11.0.0.1", "192.168.2.1", "2001:db8::10", "2001:db8:2::1", "garbage", ""]) assert.equal(whitelist.has(ip), false, ip);
});

test("buildWhitelist() treats !entries as exceptions", () => {
  const { whitelist } = buildWhitelist(["10.0.0.0/8", "!10.9.0.0/16"]);
  assert.equal(whitelist.has("10.1.0.1"), true);
  assert.equal(whitelist.has("10.9.3.3"), false);
});

test("parseNetwork() refuses bad masks and prefixes", () => {
  for (const bad of ["10.0.0.0/33", "10.0.0.0/255.0.255.0", "2001:db8::/129", "1.2.3.4/5/6", "host", "2001:db8::/255.0.0.0"]) assert.equal(parseNetwork(bad), undefined, bad);
  assert.deepEqual(parseNetwork("10.0.0.0/255.255.0.0"), { address: "10.0.0.0", prefix: 16, family: "ipv4" });
  assert.deepEqual(parseNetwork("0.0.0.0/0.0.0.0"), { address: "0.0.0.0", prefix: 0, family: "ipv4" });
});
