// The circuit breaker: trips at the response past its limit (per block and globally), keeps
// suppressing while attempts continue, closes after the quiet period or by reset.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCircuitBreaker, GLOBAL_SCOPE, type BreakerChange } from "./circuit_breaker.ts";

test("breaker: the response past the per-block limit trips it; other blocks still run", () => {
  const changes: BreakerChange[] = [];
  const b = createCircuitBreaker({ windowSec: 60, quietSec: 300, perBlock: { "firewall-drop600": 3 }, onChange: (c) => changes.push(c) });
  const t0 = 1_000_000;
  assert.deepEqual([0, 1, 2].map((i) => b.admit("firewall-drop600", t0 + i).open), [false, false, false]);
  const v = b.admit("firewall-drop600", t0 + 3);
  assert.ok(v.open && v.tripped && v.scope === "firewall-drop600");
  const again = b.admit("firewall-drop600", t0 + 4);
  assert.ok(again.open && !again.tripped);
  assert.equal(b.admit("host-deny600", t0 + 5).open, false);
  assert.deepEqual(changes.map((c) => [c.scope, c.state]), [["firewall-drop600", "open"]]);
  assert.equal(b.state(t0 + 5).scopes.find((s) => s.scope === "firewall-drop600")?.suppressed, 2);
});

test("breaker: the window slides (old responses stop counting)", () => {
  const b = createCircuitBreaker({ windowSec: 10, globalMax: 2 });
  assert.equal(b.admit("a", 0).open, false);
  assert.equal(b.admit("b", 5_000).open, false);
  assert.equal(b.admit("a", 10_001).open, false, "the first one left the window");
  assert.equal(b.admit("a", 10_002).open, true);
});

test("breaker: closes after the quiet period, counted from the last attempt", () => {
  const changes: BreakerChange[] = [];
  const b = createCircuitBreaker({ windowSec: 60, quietSec: 100, globalMax: 1, onChange: (c) => changes.push(c) });
  b.admit("a", 0);
  assert.equal(b.admit("a", 1_000).open, true);
  assert.equal(b.admit("a", 50_000).open, true, "attempts keep it open");
  assert.equal(b.state(149_999).open, true);
  assert.equal(b.state(150_000).open, false);
  assert.deepEqual(changes.map((c) => [c.scope, c.state, c.cause, c.at]), [[GLOBAL_SCOPE, "open", "tripped", 1_000], [GLOBAL_SCOPE, "closed", "quiet", 150_000]]);
  assert.equal(b.admit("a", 150_001).open, false, "a closed breaker starts a fresh window");
});

test("breaker: reset closes by hand; no limits means never open", () => {
  const b = createCircuitBreaker({ perBlock: { x: 1 } });
  b.admit("x", 0);
  assert.equal(b.admit("x", 1).open, true);
  assert.deepEqual(b.reset(2), ["x"]);
  assert.equal(b.admit("x", 3).open, false);
  const none = createCircuitBreaker({});
  for (let i = 0; i < 10_000; i++) assert.equal(none.admit("x", i).open, false);
  assert.deepEqual(none.state(0).scopes, []);
});

test("breaker: new limits keep the window and the open state; unlimited scopes go", () => {
  const b = createCircuitBreaker({ globalMax: 2, perBlock: { x: 5 } });
  b.admit("x", 0);
  b.admit("x", 1);
  assert.equal(b.admit("x", 2).open, true);
  b.setLimits({ globalMax: 10, perBlock: {} });
  const s = b.state(3);
  assert.deepEqual(s.scopes.map((x) => [x.scope, x.limit, x.open, x.inWindow]), [[GLOBAL_SCOPE, 10, true, 2]]);
  b.reset(4);
  assert.equal(b.admit("x", 5).open, false);
  b.setLimits({ globalMax: 0 });
  assert.deepEqual(b.state(6).scopes, []);
});
