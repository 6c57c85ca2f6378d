// parseIpNetwork(): addresses, CIDRs and netmasks of both families, normalised; bad input
// gives a reason, never an exception.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseIpNetwork } from "./ip_network.ts";

const net = (text: string) => {
  const r = parseIpNetwork(text);
  return r.ok ? `${r.network.family} ${r.network.address}/${r.network.prefix}` : `error: ${r.reason}`;
};

test("parseIpNetwork() normalises IPv4 addresses, CIDRs and netmasks", () => {
  assert.equal(net("203.0.113.5"), "4 203.0.113.5/32");
  assert.equal(net("10.1.2.3/8"), "4 10.0.0.0/8");
  assert.equal(net("10.1.2.3/255.255.255.0"), "4 10.1.2.0/24");
  assert.equal(net("0.0.0.0/0"), "4 0.0.0.0/0");
  assert.equal(net("192.0.2.1/255.255.255.255"), "4 192.0.2.1/32");
});

test("parseIpNetwork() normalises IPv6, compresses the longest zero run, maps ::ffff:", () => {
  assert.equal(net("2001:DB8:0:0:0:0:0:1"), "6 2001:db8::1/128");
  assert.equal(net("2001:db8:1:2:3:4:5:6/48"), "6 2001:db8:1::/48");
  assert.equal(net("::"), "6 ::/128");
  assert.equal(net("1:0:0:2:0:0:0:3"), "6 1:0:0:2::3/128");
  assert.equal(net("::ffff:192.0.2.9"), "4 192.0.2.9/32");
  assert.equal(net("::ffff:192.0.2.0/120"), "4 192.0.2.0/24");
  assert.equal(net("fe80::1/10"), "6 fe80::/10");
});

test("parseIpNetwork() explains bad input", () => {
  assert.match(net("10.0.0.0/33"), /larger than 32/);
  assert.match(net("::1/129"), /larger than 128/);
  assert.match(net("300.1.2.3"), /not an IPv4 or IPv6 address/);
  assert.match(net("10.0.0.0/255.0.255.0"), /not contiguous/);
  assert.match(net("10.0.0.0/abc"), /not a prefix length or a netmask/);
  assert.match(net("::1/ffff::"), /not a prefix length$/);
  assert.match(net("1.2.3.4/8/8"), /more than one/);
  assert.match(net(""), /not an IPv4/);
});
