// screenAlert and targetVerdict: the order guard → dry-run → breaker, force for manual
// requests only, manual requests outside the breaker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCircuitBreaker } from "./circuit_breaker.ts";
import { screenAlert, targetVerdict, type TargetFacts } from "./response_safety.ts";
import { createSelfGuard } from "./self_guard.ts";
import { breakerOptionsOf, protectedNetworksOf } from "./safety_from_config.ts";

const guard = createSelfGuard({ managerAddresses: ["192.0.2.1"], protectedNetworks: ["10.20.0.0/16"] });
const job = (ip: string, over: Partial<TargetFacts> = {}): TargetFacts => ({ name: "firewall-drop600", executable: "firewall-drop", ips: [ip], dryRun: false, origin: "rule", ...over });

test("screenAlert: invalid IP, hostile user stripped, white_list", () => {
  const wl = (ip: string) => ip === "198.51.100.9";
  assert.deepEqual(screenAlert({ data: { srcip: "1.2.3" } }, wl), { ok: false, decision: "invalid", code: "AR_INVALID_IP", reason: "data.srcip is not a valid IP address" });
  const stripped = screenAlert({ data: { srcip: "203.0.113.5", dstuser: "a;rm -rf" } }, wl);
  assert.ok(stripped.ok && stripped.strippedUser && stripped.srcip === "203.0.113.5" && !("dstuser" in (stripped.payload.data as object)));
  const listed = screenAlert({ data: { srcip: "198.51.100.9" } }, wl);
  assert.ok(!listed.ok && listed.decision === "whitelisted");
});

test("targetVerdict: the manager, the agent itself, loopback and protected networks are never blocked by a rule", () => {
  for (const ip of ["192.0.2.1", "127.0.0.1", "::1", "10.20.3.4", "198.51.100.77"]) {
    const v = targetVerdict(job(ip), ["198.51.100.77"], { guard }, 0);
    assert.equal(v.kind, "self_protected", ip);
  }
  assert.equal(targetVerdict(job("203.0.113.5"), [], { guard }, 0).kind, "run");
  assert.equal(targetVerdict(job("192.0.2.1", { executable: "disable-account" }), [], { guard }, 0).kind, "run", "not an IP response");
});

test("targetVerdict: force overrides the guard for manual requests only", () => {
  const manual = targetVerdict(job("10.20.3.4", { origin: "manual", force: true }), [], { guard }, 0);
  assert.deepEqual(manual, { kind: "run", forced: "10.20.3.4: inside a protected network (forced)" });
  assert.equal(targetVerdict(job("10.20.3.4", { origin: "rule", force: true }), [], { guard }, 0).kind, "self_protected");
  assert.equal(targetVerdict(job("10.20.3.4", { origin: "api" }), [], { guard }, 0).kind, "self_protected");
});

test("targetVerdict: dry-run blocks do not count against the breaker; manual requests bypass it", () => {
  const breaker = createCircuitBreaker({ globalMax: 1 });
  assert.equal(targetVerdict(job("203.0.113.1", { dryRun: true }), [], { guard, breaker }, 0).kind, "dry_run");
  assert.equal(targetVerdict(job("203.0.113.2"), [], { guard, breaker }, 1).kind, "run");
  const tripped = targetVerdict(job("203.0.113.3"), [], { guard, breaker }, 2);
  assert.ok(tripped.kind === "breaker" && tripped.tripped && tripped.code === "AR_BREAKER_OPEN");
  assert.equal(targetVerdict(job("203.0.113.4", { origin: "manual" }), [], { guard, breaker }, 3).kind, "run");
});

test("safety_from_config: protected networks and per-block limits", () => {
  const config = {
    global: { protectedNetworks: [{ address: "10.0.0.0", prefix: 8 }], arBreaker: { maxPerWindow: 10, windowSeconds: 30, quietSeconds: 5 } },
    activeResponses: [{ name: "a600", disabled: false, maxPerWindow: 4 }, { name: "b0", disabled: true, maxPerWindow: 2 }, { name: "c0", disabled: false, maxPerWindow: 0 }],
  };
  assert.deepEqual(protectedNetworksOf(config), ["10.0.0.0/8"]);
  assert.deepEqual(breakerOptionsOf(config), { windowSec: 30, quietSec: 5, globalMax: 10, perBlock: { a600: 4 } });
});
