import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, parsePasswordHash, verifyPassword } from "./password_hash.ts";
import { loadTokenSecret, signToken, verifyToken, TOKEN_ISSUER } from "./jwt.ts";
import { RateLimiter } from "./rate_limiter.ts";
import { Counter, Histogram, MetricsRegistry } from "./metrics.ts";

const FAST = { N: 1024, r: 8, p: 1 };

test("password hashes: scrypt$N$r$p$salt$hash, verified in constant time, salted", async () => {
  const a = await hashPassword("correct horse", FAST);
  assert.match(a, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.notEqual(a, await hashPassword("correct horse", FAST), "random salt");
  assert.equal(await verifyPassword("correct horse", a), true);
  assert.equal(await verifyPassword("correct horsf", a), false);
  assert.equal(await verifyPassword("", a), false);
  for (const bad of ["", "plain", "scrypt$1000$8$1$AAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAA", "scrypt$4194304$8$1$AAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAA", "bcrypt$2b$10$x"]) {
    assert.throws(() => parsePasswordHash(bad), { code: "API_BAD_PASSWORD_HASH" }, bad);
  }
});

test("JWT: HS256 only, signature, expiry, claims; the home secret is created 0600 and kept", () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-jwt-"));
  try {
    const path = join(dir, "etc", "api.jwt.key");
    const secret = loadTokenSecret(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(loadTokenSecret(path), secret, "kept across restarts");
    const claims = { iss: TOKEN_ISSUER, sub: "ops", role: "responder", iat: 1000, nbf: 1000, exp: 1900 };
    const token = signToken(secret, claims);
    assert.deepEqual(verifyToken(secret, token, 1500), claims);
    assert.throws(() => verifyToken(secret, token, 1900), { code: "API_TOKEN_EXPIRED" });
    assert.throws(() => verifyToken(Buffer.alloc(32, 1), token, 1500), { code: "API_UNAUTHORIZED" }, "other secret");
    const [, payload, sig] = token.split(".");
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${payload}.`;
    assert.throws(() => verifyToken(secret, none, 1500), { code: "API_UNAUTHORIZED" }, "alg none");
    const raised = Buffer.from(JSON.stringify({ ...claims, role: "admin" })).toString("base64url");
    assert.throws(() => verifyToken(secret, `${token.split(".")[0]}.${raised}.${sig}`, 1500), { code: "API_UNAUTHORIZED" }, "tampered claims");
    assert.throws(() => verifyToken(secret, "a.b", 1500), { code: "API_UNAUTHORIZED" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("rate limiter: burst, even refill, per key, bounded keys", () => {
  const r = new RateLimiter({ perMinute: 60, burst: 2, maxKeys: 2 });
  assert.equal(r.take("a", 0), 0);
  assert.equal(r.take("a", 0), 0);
  assert.equal(r.take("a", 0), 1, "wait one second for the next token");
  assert.equal(r.take("b", 0), 0, "other keys have their own bucket");
  assert.equal(r.take("a", 1000), 0, "refilled");
  assert.equal(r.take("a", 1000), 1);
  r.take("c", 1000);
  assert.equal(r.take("b", 1000), 0, "b (least recently used) was forgotten: a fresh bucket");
  assert.equal(r.take("b", 1000), 0);
});

test("metrics: Prometheus text, label values escaped, histogram buckets cumulative", () => {
  const reg = new MetricsRegistry();
  const c = reg.add(new Counter("x_total", "help"));
  c.inc({ route: 'a"b\\c\nd' });
  const h = reg.add(new Histogram("lat_seconds", "help", [0.1, 1]));
  h.observe(0.05);
  h.observe(0.5);
  const text = reg.render();
  assert.match(text, /^x_total\{route="a\\"b\\\\c\\nd"\} 1$/m);
  assert.match(text, /^lat_seconds_bucket\{le="0.1"\} 1$/m);
  assert.match(text, /^lat_seconds_bucket\{le="1"\} 2$/m);
  assert.match(text, /^lat_seconds_bucket\{le="\+Inf"\} 2$/m);
  assert.match(text, /^lat_seconds_count 2$/m);
});
