import { test } from "node:test";
import assert from "node:assert/strict";
import * as tls from "node:tls";
import { once } from "node:events";
import { runChannelConformance } from "../../test/harness/channel_conformance.ts";
import { testPki } from "../../test/harness/test_pki.ts";
import { TransportError, connectTls, createAgentCsr, createCertificateAuthority, createCounters, createStreamChannel, listenTls, signAgentCsr } from "./mod.ts";
import type { Channel, ChannelCounters, Listener, PeerIdentity } from "./mod.ts";

async function firstChannel(listener: Listener): Promise<Channel> {
  const ac = new AbortController();
  for await (const ch of listener.accept(ac.signal)) {
    ac.abort();
    return ch;
  }
  throw new Error("listener ended");
}

runChannelConformance("tls channel", async ({ maxFrameBytes, counters }) => {
  const pki = await testPki();
  const agent = await pki.agent("001");
  const listener = await listenTls({ host: "127.0.0.1", port: 0, certPem: pki.server.certPem, keyPem: pki.server.keyPem, caPem: pki.ca.certPem, maxFrameBytes, counters });
  const accepted = firstChannel(listener);
  const socket = tls.connect({ host: "127.0.0.1", port: listener.port, ca: pki.ca.certPem, cert: agent.certPem, key: agent.keyPem, checkServerIdentity: () => undefined });
  await once(socket, "secureConnect");
  const a = createStreamChannel(socket, { kind: "manager", address: "127.0.0.1" }, { maxFrameBytes, counters });
  const b = await accepted;
  return {
    a, b,
    injectFromA: (bytes) => void socket.write(bytes),
    cleanup: async () => {
      await a.close();
      await b.close();
      await listener.close();
    },
  };
});

async function agentListener(counters: ChannelCounters, authorize?: (p: PeerIdentity) => TransportError | undefined) {
  const pki = await testPki();
  return listenTls({ host: "127.0.0.1", port: 0, certPem: pki.server.certPem, keyPem: pki.server.keyPem, caPem: pki.ca.certPem, counters, ...(authorize ? { authorize } : {}) });
}

test("tls: the agent's identity comes from its certificate", async () => {
  const pki = await testPki();
  const agent = await pki.agent("042");
  const listener = await agentListener(createCounters());
  try {
    const accepted = firstChannel(listener);
    const ch = await connectTls({ host: "127.0.0.1", port: listener.port, certPem: agent.certPem, keyPem: agent.keyPem, caPem: pki.ca.certPem, pinSha256: pki.serverFingerprint });
    const server = await accepted;
    assert.equal(server.peer.kind, "agent");
    assert.equal(server.peer.agentId, "042");
    assert.equal(server.peer.serial, agent.serial);
    assert.equal(ch.peer.fingerprint, pki.serverFingerprint);
    await ch.close();
    await server.close();
  } finally {
    await listener.close();
  }
});

test("tls security: a certificate from another CA is refused at the handshake, counted", async () => {
  const pki = await testPki();
  const rogueCa = await createCertificateAuthority("rogue");
  const { csrPem, keyPem } = await createAgentCsr("mallory");
  const rogue = await signAgentCsr(rogueCa, csrPem, "001");
  const counters = createCounters();
  const listener = await agentListener(counters);
  try {
    const ch = await connectTls({ host: "127.0.0.1", port: listener.port, certPem: rogue.certPem, keyPem, caPem: pki.ca.certPem }).catch((e: unknown) => e);
    if (!(ch instanceof Error)) {
      const reason = await (ch as Channel).closed;
      assert.ok(reason instanceof TransportError);
    }
    for (let i = 0; i < 50 && !counters.snapshot()["TRANSPORT_PEER_UNTRUSTED"]; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(counters.snapshot()["TRANSPORT_PEER_UNTRUSTED"], 1);
  } finally {
    await listener.close();
  }
});

test("tls security: no client certificate at all is refused", async () => {
  const pki = await testPki();
  const counters = createCounters();
  const listener = await agentListener(counters);
  try {
    const ch = await connectTls({ host: "127.0.0.1", port: listener.port, caPem: pki.ca.certPem }).catch((e: unknown) => e);
    if (!(ch instanceof Error)) await (ch as Channel).closed;
    for (let i = 0; i < 50 && !counters.snapshot()["TRANSPORT_PEER_UNTRUSTED"]; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(counters.snapshot()["TRANSPORT_PEER_UNTRUSTED"], 1);
  } finally {
    await listener.close();
  }
});

test("tls security: authorize() refuses a revoked serial with a refused message, then closes", async () => {
  const pki = await testPki();
  const agent = await pki.agent("007");
  const counters = createCounters();
  const listener = await agentListener(counters, (p) => p.serial === agent.serial ? new TransportError("TRANSPORT_PEER_UNTRUSTED", "Cannot accept agent 007: revoked") : undefined);
  try {
    const ch = await connectTls({ host: "127.0.0.1", port: listener.port, certPem: agent.certPem, keyPem: agent.keyPem, caPem: pki.ca.certPem });
    const got = [];
    for await (const m of ch.messages()) got.push(m);
    assert.deepEqual(got.map((m) => m.t), ["refused"]);
    assert.equal(counters.snapshot()["TRANSPORT_PEER_UNTRUSTED"], 1);
  } finally {
    await listener.close();
  }
});

test("tls security: the agent refuses a manager whose certificate is not the pinned one", async () => {
  const pki = await testPki();
  const agent = await pki.agent("001");
  const listener = await agentListener(createCounters());
  try {
    await assert.rejects(
      connectTls({ host: "127.0.0.1", port: listener.port, certPem: agent.certPem, keyPem: agent.keyPem, pinSha256: "AA:".repeat(31) + "AA" }),
      (e: unknown) => e instanceof TransportError && e.code === "TRANSPORT_PIN_MISMATCH",
    );
  } finally {
    await listener.close();
  }
});

test("tls: connecting to a closed port fails with TRANSPORT_CONNECT_FAILED", async () => {
  const listener = await agentListener(createCounters());
  const port = listener.port;
  await listener.close();
  await assert.rejects(connectTls({ host: "127.0.0.1", port }), (e: unknown) => e instanceof TransportError && e.code === "TRANSPORT_CONNECT_FAILED");
});
