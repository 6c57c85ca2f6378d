// Security of the agent channel and enrollment, each test trying the attack against a real
// manager over TLS and seeing it refused and counted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { once } from "node:events";
import * as tls from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createManager, type Manager, type ManagerDeps } from "./mod.ts";
import { enrollAgent, loadAgentIdentity, type AgentIdentity } from "../agent/mod.ts";
import { connectTls, type Channel, type WireMessage } from "../transport/mod.ts";
import { configFromXml, managerConfigXml } from "../../test/harness/test_config.ts";
import { createRecordingAnalyzer } from "../../test/harness/recording_analyzer.ts";
import { waitFor } from "../../test/harness/wait_for.ts";

interface World {
  dir: string;
  manager: Manager;
  analyzer: ReturnType<typeof createRecordingAnalyzer>;
}

async function withManager(fn: (w: World) => Promise<void>, usePassword = false, extra: Partial<ManagerDeps> = {}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "riposte-sec-"));
  const analyzer = createRecordingAnalyzer();
  const manager = createManager(configFromXml(managerConfigXml({ usePassword, disconnectSec: 1 }), "manager"), {
    home: join(dir, "mgr"), buildAnalyzer: () => analyzer, enrollmentRate: { burst: 5, refillMs: 60_000 }, ...extra,
  });
  try {
    await manager.start();
    await fn({ dir, manager, analyzer });
  } finally {
    await manager.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function enroll(w: World, name: string, password?: string): Promise<AgentIdentity> {
  return enrollAgent({ home: join(w.dir, name), host: "127.0.0.1", port: w.manager.ports()["auth"] ?? 0, name, groups: [], ...(password ? { password } : {}) });
}

function dial(w: World, id: AgentIdentity): Promise<Channel> {
  return connectTls({ host: "127.0.0.1", port: w.manager.ports()["remote"] ?? 0, certPem: id.certPem, keyPem: id.keyPem, caPem: id.caPem, pinSha256: id.managerFingerprint });
}

async function next(channel: Channel): Promise<WireMessage | undefined> {
  for await (const m of channel.messages()) return m;
  return undefined;
}

const item = (log: string) => ({ location: "/var/log/app.log", log, queue: "1" as const });

test("security: an agent claiming another agent's id is refused and cut", () => withManager(async (w) => {
  const a = await enroll(w, "alpha");
  await enroll(w, "beta");
  const ch = await dial(w, a);
  await ch.send({ t: "hello", agentId: "002", name: "beta", version: "1", spoolId: "s1", dropped: 0 });
  const answer = await next(ch);
  assert.deepEqual(answer && answer.t === "refused" ? answer.code : answer, "AGENT_ID_MISMATCH");
  await ch.closed;
  assert.equal(w.manager.stats().counters["AGENT_ID_MISMATCH"], 1);
  assert.equal(w.analyzer.events.length, 0);
}));

test("security: replayed sequence numbers are acknowledged but never analysed twice, and counted", () => withManager(async (w) => {
  const a = await enroll(w, "alpha");
  const ch = await dial(w, a);
  const send = async (m: WireMessage) => {
    await ch.send(m);
    return next(ch);
  };
  assert.deepEqual(await send({ t: "hello", agentId: a.agentId, name: "alpha", version: "1", spoolId: "spool-a", dropped: 0 }), { t: "welcome", agentId: a.agentId, ackedSeq: 0, keepaliveSec: 10 });
  assert.deepEqual(await send({ t: "events", firstSeq: 1, items: [item("one"), item("two")] }), { t: "ack", seq: 2 });
  assert.deepEqual(await send({ t: "events", firstSeq: 1, items: [item("one"), item("two")] }), { t: "ack", seq: 2 });
  assert.deepEqual(await send({ t: "events", firstSeq: 2, items: [item("two-forged"), item("three")] }), { t: "ack", seq: 3 });
  await waitFor("three analysed", () => w.analyzer.events.length >= 3);
  assert.deepEqual(w.analyzer.events.map((e) => e.log), ["one", "two", "three"]);
  assert.equal(w.manager.stats().counters["INTAKE_REPLAY"], 3);
  await ch.close();
  const again = await dial(w, a);
  await again.send({ t: "hello", agentId: a.agentId, name: "alpha", version: "1", spoolId: "spool-a", dropped: 0 });
  assert.deepEqual(await next(again), { t: "welcome", agentId: a.agentId, ackedSeq: 3, keepaliveSec: 10 });
  await again.close();
}));

test("security: a certificate of our CA that the registry no longer holds is refused", () => withManager(async (w) => {
  const old = await enroll(w, "alpha");
  await w.manager.revoke(old.agentId);
  await enroll(w, "alpha");
  const ch = await dial(w, old);
  await ch.send({ t: "hello", agentId: old.agentId, name: "alpha", version: "1", spoolId: "s", dropped: 0 }).catch(() => undefined);
  const answer = await next(ch);
  assert.equal(answer?.t, "refused");
  assert.ok((w.manager.stats().counters["AGENT_REVOKED"] ?? 0) >= 1);
}));

test("security: bytes altered inside the TLS stream kill the connection (record MAC)", () => withManager(async (w) => {
  const a = await enroll(w, "alpha");
  const raw = netConnect(w.manager.ports()["remote"] ?? 0, "127.0.0.1");
  await once(raw, "connect");
  const secure = tls.connect({ socket: raw, cert: a.certPem, key: a.keyPem, ca: a.caPem, checkServerIdentity: () => undefined });
  await once(secure, "secureConnect");
  let failure: Error | undefined;
  secure.on("error", (e: Error) => (failure = e));
  const closed = new Promise((r) => secure.once("close", r));
  raw.write(Buffer.from([0x17, 0x03, 0x03, 0x00, 0x20, ...Array.from({ length: 32 }, (_, i) => i)]));
  await closed;
  assert.match(String(failure?.message), /bad record mac/);
  assert.equal(w.analyzer.events.length, 0);
}));

test("security: enrollment attempts are rate-limited per address, even with the right password", () => withManager(async (w) => {
  writeFileSync(join(w.dir, "mgr", "etc", "authd.pass"), "right\n");
  const codes: string[] = [];
  for (let i = 0; i < 7; i++) {
    const error = await enroll(w, `bf${i}`, "wrong").then(() => undefined, (e: unknown) => e as { refusal?: string });
    codes.push(error?.refusal ?? "enrolled");
  }
  assert.deepEqual(codes, [...Array(5).fill("ENROLL_BAD_PASSWORD"), "ENROLL_RATE_LIMITED", "ENROLL_RATE_LIMITED"]);
  await assert.rejects(enroll(w, "legit", "right"), /ENROLL_RATE_LIMITED/);
  assert.equal(w.manager.stats().counters["ENROLL_RATE_LIMITED"], 3);
}, true));

test("security: the agent's stored identity pins the manager it enrolled with", () => withManager(async (w) => {
  const a = await enroll(w, "alpha");
  assert.equal(loadAgentIdentity(join(w.dir, "alpha")).managerFingerprint, w.manager.serverFingerprint());
  await assert.rejects(connectTls({ host: "127.0.0.1", port: w.manager.ports()["remote"] ?? 0, certPem: a.certPem, keyPem: a.keyPem, caPem: a.caPem, pinSha256: "00:11" }), /TRANSPORT_PIN_MISMATCH|not the pinned/);
}));

test("enrollment policy replace: a second agent of the same name revokes the first at once", () => withManager(async (w) => {
  const first = await enroll(w, "web");
  const ch = await dial(w, first);
  await ch.send({ t: "hello", agentId: first.agentId, name: "web", version: "1", spoolId: "s", dropped: 0 });
  assert.equal((await next(ch))?.t, "welcome");
  const second = await enroll(w, "web");
  assert.notEqual(second.agentId, first.agentId);
  await ch.closed;
  assert.equal(w.manager.registry().get(first.agentId)?.status, "revoked");
  assert.equal(w.manager.registry().get(second.agentId)?.status, "never_connected");
}, false, { duplicateNames: "replace" }));

test("keepalives: a silent agent is cut after the disconnection time and marked disconnected", () => withManager(async (w) => {
  const a = await enroll(w, "quiet");
  const ch = await dial(w, a);
  await ch.send({ t: "hello", agentId: a.agentId, name: "quiet", version: "1", spoolId: "s", dropped: 0 });
  assert.equal((await next(ch))?.t, "welcome");
  assert.equal(w.manager.registry().get(a.agentId)?.status, "active");
  await ch.send({ t: "keepalive", dropped: 7 });
  await waitFor("keepalive answered and recorded", () => w.manager.registry().get(a.agentId)?.dropped === 7, 5000);
  const started = Date.now();
  await ch.closed;
  assert.ok(Date.now() - started >= 1500, "not before the window");
  await waitFor("disconnected", () => w.manager.registry().get(a.agentId)?.status === "disconnected");
}, false, { keepaliveSec: 1 }));
