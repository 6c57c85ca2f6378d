import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameDecoder, TransportError, createBackoff, encodeFrame, validateMessage } from "./mod.ts";

test("validateMessage() accepts each valid kind", () => {
  const valid = [
    { t: "hello", agentId: "001", name: "web-01", version: "0.1.0", spoolId: "abc-1", dropped: 0 },
    { t: "welcome", agentId: "001", ackedSeq: 0, keepaliveSec: 10 },
    { t: "events", firstSeq: 1, items: [{ location: "/var/log/auth.log", log: "x", queue: "1" }] },
    { t: "ack", seq: 5 },
    { t: "keepalive" },
    { t: "keepalive", dropped: 3 },
    { t: "ar", id: "ar-1", payload: { version: 1 }, expiresAt: 1 },
    { t: "ar_result", id: "ar-1", outcome: "done" },
    { t: "enroll", name: "a", groups: ["default"], csr: "PEM" },
    { t: "enrolled", agentId: "002", name: "a", cert: "c", ca: "c" },
    { t: "refused", code: "X_Y", message: "no" },
  ];
  for (const m of valid) assert.deepEqual(validateMessage(m), m, JSON.stringify(m));
});

test("validateMessage() refuses wrong shapes without throwing", () => {
  const invalid: unknown[] = [
    null, 1, "hello", [], {}, { t: "nope" }, { t: "toString" }, { t: "__proto__" },
    { t: "ack", seq: 1.5 }, { t: "ack", seq: -1 }, { t: "ack", seq: "1" }, { t: "ack", seq: 1, extra: 1 },
    { t: "hello", agentId: "1", name: "x", version: "1", spoolId: "s", dropped: 0 },
    { t: "hello", agentId: "001", name: "bad name", version: "1", spoolId: "s", dropped: 0 },
    { t: "events", firstSeq: 1, items: [] },
    { t: "events", firstSeq: 0, items: [{ location: "l", log: "x", queue: "1" }] },
    { t: "events", firstSeq: 1, items: [{ location: "l", log: "x", queue: "z" }] },
    { t: "events", firstSeq: 1, items: [{ location: "l", log: 5, queue: "1" }] },
    { t: "ar_result", id: "x", outcome: "pwned" },
    { t: "enroll", name: "a", groups: ["../etc"], csr: "x" },
  ];
  for (const v of invalid) assert.equal(validateMessage(v), undefined, JSON.stringify(v));
});

test("FrameDecoder reassembles frames split at any byte", () => {
  const bytes = Buffer.concat([encodeFrame({ t: "ack", seq: 1 }), encodeFrame({ t: "ack", seq: 2 })]);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const d = new FrameDecoder();
    const out = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))];
    assert.deepEqual(out, [{ t: "ack", seq: 1 }, { t: "ack", seq: 2 }]);
  }
});

test("FrameDecoder refuses an oversized announcement before buffering it", () => {
  const d = new FrameDecoder(100);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(0xffffffff, 0);
  assert.throws(() => d.push(head), (e: unknown) => e instanceof TransportError && e.code === "TRANSPORT_FRAME_TOO_LARGE");
});

test("createBackoff() grows, caps, jitters within [d/2, d] and resets", () => {
  const b = createBackoff({ initialMs: 100, maxMs: 1000, random: () => 0.999999 });
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 800, 1000, 1000]);
  b.reset();
  assert.equal(b.next(), 100);
  const low = createBackoff({ initialMs: 100, random: () => 0 });
  assert.equal(low.next(), 50);
});
