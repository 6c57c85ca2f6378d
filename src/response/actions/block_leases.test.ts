import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../../core/mod.ts";
import { addContext, deleteContext, ipMessage } from "../../../test/harness/action_message.ts";
import { BlockLeases, RENEW_TICK_MS } from "./block_leases.ts";
import type { BlockEntry, Firewall } from "./firewall.ts";
import { firewallDrop } from "./firewall_drop.ts";

/** A firewall that records what it is asked (the kernel side is tested in firewall_drop.test.ts). */
function recordingFirewall() {
  const blocks: BlockEntry[][] = [];
  const unblocks: string[][] = [];
  const fw: Firewall = {
    kind: "nftables", kernelTimeouts: true,
    block: (e) => (blocks.push([...e]), Promise.resolve()),
    unblock: (t) => (unblocks.push([...t]), Promise.resolve()),
    list: () => Promise.resolve([]), close: () => undefined, teardown: () => Promise.resolve(),
  };
  return { fw, blocks, unblocks };
}

const settle = () => new Promise((r) => setImmediate(r));

test("leases: a held block is renewed before its kernel timeout, in one batch, until released", async () => {
  const clock = new ManualClock();
  const r = recordingFirewall();
  const leases = new BlockLeases(r.fw, { clock });
  leases.hold("192.0.2.1", 60);
  leases.hold("2001:db8::/64", 60);
  leases.hold("192.0.2.2", 3600);
  for (let i = 0; i < 2; i++) {
    clock.advance(RENEW_TICK_MS);
    await settle();
  }
  assert.deepEqual(r.blocks, [[{ target: "192.0.2.1", timeoutSec: 60 }, { target: "2001:db8::/64", timeoutSec: 60 }]], "only leases close to expiry");
  leases.release("192.0.2.1");
  for (let i = 0; i < 8; i++) {
    clock.advance(RENEW_TICK_MS);
    await settle();
  }
  assert.ok(r.blocks.every((b) => b.every((e) => e.target !== "192.0.2.1" || b === r.blocks[0])), "a released lease is not renewed");
  assert.ok(r.blocks.length >= 3, "the other 60 s lease keeps being renewed");
  leases.release("2001:db8::/64");
  leases.release("192.0.2.2");
  assert.equal(leases.size, 0);
});

test("firewall-drop: an in-process block is renewed until its delete (an extended response is never lifted early)", async () => {
  const clock = new ManualClock();
  const r = recordingFirewall();
  const a = firewallDrop({ clock, firewalls: { nftables: r.fw }, cut: "none" });
  await a.add(ipMessage("192.0.2.7", ["kernel-timeout=40"]), addContext());
  await a.add(ipMessage("192.0.2.8", ["kernel-timeout=3"]), addContext()); // short on purpose: left to the kernel
  for (let i = 0; i < 6; i++) {
    clock.advance(RENEW_TICK_MS);
    await settle();
  }
  const renewals = r.blocks.slice(1).filter((b) => b.some((e) => e.target === "192.0.2.7")).length;
  assert.ok(renewals >= 3, `renewed ${renewals} times over 90 s of a 40 s kernel timeout`);
  assert.equal(r.blocks.slice(2).some((b) => b.some((e) => e.target === "192.0.2.8")), false, "a short kernel timeout is never renewed");
  await a.delete(ipMessage("192.0.2.7"), deleteContext);
  const before = r.blocks.length;
  for (let i = 0; i < 6; i++) {
    clock.advance(RENEW_TICK_MS);
    await settle();
  }
  assert.equal(r.blocks.length, before, "nothing renewed after the delete");
});

test("leases: a lease the kernel already expired (a late timer) is dropped, not re-added", async () => {
  let now = 0;
  let fire: (() => void) | undefined;
  const clock = { now: () => now, setTimeout: (fn: () => void) => ((fire = fn), { cancel: () => undefined }) };
  const r = recordingFirewall();
  const leases = new BlockLeases(r.fw, { clock });
  leases.hold("192.0.2.9", 40);
  now = 60_000; // the process was suspended: the tick comes after the kernel expiry
  fire?.();
  await settle();
  assert.deepEqual(r.blocks, []);
  assert.equal(leases.size, 0);
});
