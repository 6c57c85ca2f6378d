/**
 * The one conformance suite every Channel implementation passes (DESIGN §7.2): ordering,
 * maximum frame size both ways, validation before delivery, close propagation and the
 * counted reasons. Each implementation's test file calls `runChannelConformance`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Channel, ChannelCounters, WireMessage } from "../../src/transport/mod.ts";
import { TransportError, createCounters } from "../../src/transport/mod.ts";

export interface ConformancePair {
  /** Two connected channels: what `a` sends, `b` receives and vice versa. */
  readonly a: Channel;
  readonly b: Channel;
  /** Writes raw bytes on a's side of the wire (b decodes them). */
  readonly injectFromA: (bytes: Buffer) => void;
  readonly cleanup: () => Promise<void>;
}

/** Builds a fresh pair whose channels use `maxFrameBytes` and count into `counters`. */
export type PairFactory = (options: { maxFrameBytes: number; counters: ChannelCounters }) => Promise<ConformancePair>;

const MAX = 4096;

async function withPair(factory: PairFactory, fn: (p: ConformancePair, counters: ChannelCounters) => Promise<void>): Promise<void> {
  const counters = createCounters();
  const pair = await factory({ maxFrameBytes: MAX, counters });
  try {
    await fn(pair, counters);
  } finally {
    await pair.cleanup();
  }
}

async function take(channel: Channel, n: number): Promise<WireMessage[]> {
  const out: WireMessage[] = [];
  if (n === 0) return out;
  for await (const m of channel.messages()) {
    out.push(m);
    if (out.length === n) break;
  }
  return out;
}

async function drain(channel: Channel): Promise<WireMessage[]> {
  const out: WireMessage[] = [];
  for await (const m of channel.messages()) out.push(m);
  return out;
}

function frameOf(length: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(length, 0);
  return Buffer.concat([head, body]);
}

export function runChannelConformance(name: string, factory: PairFactory): void {
  test(`${name}: messages arrive in order, both directions`, () => withPair(factory, async ({ a, b }) => {
    const sent = Array.from({ length: 200 }, (_, i) => ({ t: "ack", seq: i }) as const);
    await Promise.all(sent.map((m) => a.send(m)));
    assert.deepEqual(await take(b, 200), sent);
    await b.send({ t: "keepalive" });
    assert.deepEqual(await take(a, 1), [{ t: "keepalive" }]);
  }));

  test(`${name}: an oversized send rejects and the channel stays open`, () => withPair(factory, async ({ a, b }) => {
    const big = { t: "refused", code: "X", message: "x".repeat(MAX) } as const;
    await assert.rejects(a.send(big), (e: unknown) => e instanceof TransportError && e.code === "TRANSPORT_SEND_TOO_LARGE");
    await a.send({ t: "ack", seq: 1 });
    assert.deepEqual(await take(b, 1), [{ t: "ack", seq: 1 }]);
  }));

  test(`${name}: an oversized frame closes the receiver, counted`, () => withPair(factory, async ({ b, injectFromA }, counters) => {
    injectFromA(frameOf(MAX + 1));
    const reason = await b.closed;
    assert.ok(reason instanceof TransportError && reason.code === "TRANSPORT_FRAME_TOO_LARGE");
    assert.equal(counters.snapshot()["TRANSPORT_FRAME_TOO_LARGE"], 1);
    assert.deepEqual(await drain(b), []);
  }));

  test(`${name}: a malformed frame closes the receiver, counted`, () => withPair(factory, async ({ b, injectFromA }, counters) => {
    const body = Buffer.from("{not json", "utf8");
    injectFromA(frameOf(body.length, body));
    const reason = await b.closed;
    assert.ok(reason instanceof TransportError && reason.code === "TRANSPORT_FRAME_MALFORMED");
    assert.equal(counters.snapshot()["TRANSPORT_FRAME_MALFORMED"], 1);
  }));

  test(`${name}: valid JSON that is not a message is refused before delivery`, () => withPair(factory, async ({ a, b, injectFromA }, counters) => {
    await a.send({ t: "ack", seq: 7 });
    const bad = Buffer.from(JSON.stringify({ t: "ack", seq: -1, extra: true }), "utf8");
    injectFromA(frameOf(bad.length, bad));
    assert.deepEqual(await drain(b), [{ t: "ack", seq: 7 }]);
    const reason = await b.closed;
    assert.ok(reason instanceof TransportError && reason.code === "TRANSPORT_MESSAGE_INVALID");
    assert.equal(counters.snapshot()["TRANSPORT_MESSAGE_INVALID"], 1);
  }));

  test(`${name}: close propagates; the closer keeps its reason, the peer sees TRANSPORT_CLOSED`, () => withPair(factory, async ({ a, b }) => {
    await a.send({ t: "ack", seq: 1 });
    const reason = new Error("going away");
    await a.close(reason);
    assert.equal(await a.closed, reason);
    assert.equal(a.isClosed, true);
    assert.deepEqual(await drain(b), [{ t: "ack", seq: 1 }]);
    const seen = await b.closed;
    assert.ok(seen instanceof TransportError && seen.code === "TRANSPORT_CLOSED");
    await assert.rejects(a.send({ t: "keepalive" }), (e: unknown) => e instanceof TransportError && e.code === "TRANSPORT_CLOSED");
    await a.close();
  }));

  test(`${name}: a large batch within the limit crosses intact`, () => withPair(factory, async ({ a, b }) => {
    const items = Array.from({ length: 20 }, (_, i) => ({ location: "/var/log/x", log: `line ${i} ${"é".repeat(50)}`, queue: "1" as const }));
    await a.send({ t: "events", firstSeq: 1, items });
    assert.deepEqual(await take(b, 1), [{ t: "events", firstSeq: 1, items }]);
  }));
}
