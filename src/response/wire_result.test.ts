import { test } from "node:test";
import assert from "node:assert/strict";
import { buildLiftMessage, decodeResult, encodeResult, liftKey } from "./wire_result.ts";
import type { ExecutionResult } from "./execution_result.ts";

const r: ExecutionResult = { command: "add", name: "firewall-drop600", key: "firewall-drop-1.2.3.4", outcome: "aborted", exitCode: 0, durationMs: 3, origin: "rule", at: 1, timeoutSec: 600, expiresAt: 600_001, ruleId: "5763" };

test("encodeResult()/decodeResult() round-trip and map outcomes onto the channel's set", () => {
  const e = encodeResult(r);
  assert.equal(e.outcome, "done");
  assert.deepEqual(decodeResult(e.detail), r);
  assert.equal(encodeResult({ ...r, outcome: "killed" }).outcome, "failed");
  assert.equal(encodeResult({ ...r, outcome: "refused" }).outcome, "refused");
  assert.ok(encodeResult({ ...r, reason: "x".repeat(10_000) }).detail.length <= 4096);
});

test("decodeResult() refuses what is not a result", () => {
  for (const bad of [undefined, "", "[]", "{}", JSON.stringify({ ...r, outcome: "pwned" }), JSON.stringify({ ...r, durationMs: "1" }), JSON.stringify({ ...r, origin: "x" })]) {
    assert.equal(decodeResult(bad), undefined, String(bad));
  }
});

test("buildLiftMessage()/liftKey()", () => {
  assert.equal(liftKey(buildLiftMessage("firewall-drop-1.2.3.4", "n")), "firewall-drop-1.2.3.4");
  assert.equal(liftKey({ command: "firewall-drop0", parameters: { keys: ["x"] } }), undefined);
});
