// The execd model: dedup with renewal, repeated offenders with decay, expiry in time order,
// stateless responses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ExecdModel } from "./execd_model.ts";

test("execd model: a duplicate renews the block; a later offence escalates", () => {
  const m = new ExecdModel({ offenderMinutes: [30, 60] });
  const first = m.add("firewall-drop600", "firewall-drop", 600, "203.0.113.5", 0);
  assert.equal(first.kind, "new");
  const again = m.add("firewall-drop600", "firewall-drop", 600, "203.0.113.5", 100_000);
  assert.ok(again.kind === "renewed" && again.period.expiresAt === 700_000);
  m.expire(699_999);
  assert.equal(m.activeCount(), 1);
  m.expire(700_000);
  assert.equal(m.activeCount(), 0);
  const second = m.add("firewall-drop600", "firewall-drop", 600, "203.0.113.5", 800_000);
  assert.ok(second.kind === "new" && second.period.timeoutSec === 1800 && second.period.offence === 2);
  m.expire(800_000 + 1_800_000);
  const third = m.add("firewall-drop600", "firewall-drop", 600, "203.0.113.5", 3_000_000);
  assert.ok(third.kind === "new" && third.period.timeoutSec === 3600);
  assert.deepEqual(m.periods().map((p) => [p.startedAt, p.expiresAt]), [[0, 700_000], [800_000, 2_600_000], [3_000_000, 6_600_000]]);
});

test("execd model: offences decay after a day; stateless responses keep no state", () => {
  const m = new ExecdModel({ offenderMinutes: [30] });
  m.add("d600", "firewall-drop", 600, "198.51.100.1", 0);
  m.expire(86_400_000 + 700_000);
  const later = m.add("d600", "firewall-drop", 600, "198.51.100.1", 86_400_000 + 700_000);
  assert.ok(later.kind === "new" && later.period.timeoutSec === 600 && later.period.offence === 1);
  assert.equal(m.add("slack0", "slack", 0, "198.51.100.1", 1).kind, "stateless");
  assert.equal(m.activeCount(), 1);
});

test("execd model: many blocks expire in time order", () => {
  const m = new ExecdModel({ offenderMinutes: [] });
  for (let i = 0; i < 1000; i++) m.add("d60", "firewall-drop", 60, `10.0.${i >> 8}.${i & 255}`, (i * 7919) % 50_000);
  m.expire(30_000 + 60_000);
  assert.ok(m.periods().slice(0, -m.activeCount()).every((p) => p.expiresAt <= 90_000));
  assert.ok(m.activeCount() > 0 && m.activeCount() < 1000);
});
