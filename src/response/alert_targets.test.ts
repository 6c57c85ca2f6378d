import { test } from "node:test";
import assert from "node:assert/strict";
import { checkAlertTargets, normalizeIp, withoutDstuser } from "./alert_targets.ts";
import { createSelfGuard, isIpResponse } from "./self_guard.ts";

test("checkAlertTargets() collects every IP field a script reads", () => {
  const r = checkAlertTargets({ data: { srcip: "::ffff:203.0.113.5", win: { eventdata: { ipAddress: "-", destinationIp: "2001:DB8::2" } }, dstuser: "alice" } });
  assert.deepEqual(r, { ok: true, targets: { ips: ["2001:db8::2", "203.0.113.5"], srcip: "203.0.113.5", dstuser: "alice" } });
  assert.deepEqual(checkAlertTargets({}), { ok: true, targets: { ips: [] } });
  assert.deepEqual(checkAlertTargets({ data: { "win.eventdata.ipAddress": "192.0.2.1" } }), { ok: true, targets: { ips: ["192.0.2.1"] } });
});

test("checkAlertTargets() refuses hostile IPs and usernames", () => {
  const bad = ["1.2.3.4; rm -rf /", "1.2.3.4\n5.6.7.8", "$(reboot)", "a".repeat(10_000), "fe80::1%eth0", "300.1.1.1"];
  for (const srcip of bad) assert.equal(checkAlertTargets({ data: { srcip } }).ok, false, srcip);
  for (const dstuser of ["root;id", "DOMAIN\\user", "a b", "x\ny", "u".repeat(10_000), "`id`"]) {
    const r = checkAlertTargets({ data: { dstuser } });
    assert.equal(r.ok === false && r.code, "AR_INVALID_USER", dstuser);
  }
  assert.equal(checkAlertTargets({ data: { srcip: 12 } }).ok, false);
  assert.deepEqual(withoutDstuser({ data: { dstuser: "x y", srcip: "1.2.3.4" } }), { data: { srcip: "1.2.3.4" } });
  assert.equal(normalizeIp("::FFFF:1.2.3.4"), "1.2.3.4");
});

test("createSelfGuard() protects loopback, the manager, admin networks and the target agent", () => {
  const g = createSelfGuard({ managerAddresses: ["192.0.2.1", "2001:db8::1"], protectedNetworks: ["198.51.100.0/24"] });
  assert.match(g.reason("127.0.0.53") ?? "", /loopback/);
  assert.match(g.reason("::1") ?? "", /loopback/);
  assert.match(g.reason("::ffff:192.0.2.1") ?? "", /manager/);
  assert.match(g.reason("2001:db8:0::1") ?? "", /manager/);
  assert.match(g.reason("198.51.100.77") ?? "", /protected/);
  assert.match(g.reason("203.0.113.8", ["203.0.113.8"]) ?? "", /agent/);
  assert.equal(g.reason("203.0.113.9", ["203.0.113.8"]), undefined);
  assert.equal(isIpResponse("firewall-drop"), true);
  assert.equal(isIpResponse("disable-account"), false);
});
