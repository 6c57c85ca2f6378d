import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNetPair, createNetns, isRoot } from "../../../test/harness/netns.ts";
import { addContext, deleteContext, ipMessage } from "../../../test/harness/action_message.ts";
import { runResponseActionConformance } from "../../../test/harness/response_action_conformance.ts";
import { createCommandRunner } from "./command_runner.ts";
import { isolateHost, parseCidr } from "./isolate_host.ts";

const root = { skip: !isRoot() && "needs root (network namespaces)" };

runResponseActionConformance("isolate-host", () => {
  const ns = createNetns();
  const base = createCommandRunner({ netns: ns.name });
  return {
    action: isolateHost({ netns: ns.name, managerAddresses: ["192.0.2.250"], adminNetworks: ["2001:db8:ad::/48"] }),
    hanging: isolateHost({ run: (_argv, o) => base(["sleep", "3600"], o), managerAddresses: ["192.0.2.250"] }),
    message: (ip) => ipMessage(ip),
    isActive: () => ns.status(["nft", "list", "table", "inet", "riposte_isolate"]) === 0,
    cleanup: () => ns.delete(),
  };
});

test("isolate-host: only loopback and allowed networks pass; delete restores; twice is harmless", root, async () => {
  const p = createNetPair();
  try {
    const ping = (host: string) => p.attacker.status(["ping", "-c", "1", "-W", "1", host]) === 0;
    const a = isolateHost({ netns: p.victim.name, adminNetworks: [`${p.attacker6}/128`] });
    assert.ok(ping(p.victim4) && ping(p.victim6));
    for (let i = 0; i < 2; i++) assert.equal((await a.add(ipMessage(p.attacker4), addContext())).outcome, "done");
    assert.equal(ping(p.victim4), false, "IPv4 from a non-admin address is cut");
    assert.equal(ping(p.victim6), true, "the admin network still reaches the host");
    assert.equal(p.victim.status(["ping", "-c", "1", "-W", "1", "127.0.0.1"]), 0, "loopback works");
    for (let i = 0; i < 2; i++) assert.equal((await a.delete(ipMessage(p.attacker4), deleteContext)).outcome, "done");
    assert.ok(ping(p.victim4), "restored");
    assert.doesNotMatch(p.victim.exec(["nft", "list", "ruleset"]), /riposte_isolate/);
  } finally {
    p.delete();
  }
});

test("isolate-host: refuses to isolate with nothing allowed or a bad network, but delete always restores", root, async () => {
  const ns = createNetns();
  try {
    assert.equal((await isolateHost({ netns: ns.name }).add(ipMessage("192.0.2.1"), addContext())).code, "ACTION_BAD_OPTION");
    assert.equal((await isolateHost({ netns: ns.name }).add(ipMessage("192.0.2.1", ["allow=10.0.0.0/33"]), addContext())).code, "ACTION_BAD_OPTION");
    assert.equal((await isolateHost({ netns: ns.name }).add(ipMessage("192.0.2.1", ["allow=10.0.0.0/8,fd00::/8"]), addContext())).outcome, "done");
    assert.equal((await isolateHost({ netns: ns.name }).delete(ipMessage("192.0.2.1"), deleteContext)).outcome, "done");
    assert.notEqual(ns.status(["nft", "list", "table", "inet", "riposte_isolate"]), 0);
  } finally {
    ns.delete();
  }
});

test("parseCidr", () => {
  assert.deepEqual(parseCidr("10.0.0.0/8"), { text: "10.0.0.0/8", family: 4 });
  assert.deepEqual(parseCidr("fd00::1"), { text: "fd00::1", family: 6 });
  for (const bad of ["10.0.0.0/33", "x/8", "10.0.0.0/8/1", "fd00::/129", "1.2.3.4; drop"]) assert.equal(parseCidr(bad), undefined, bad);
});

test("isolate-host: without configured addresses, the manager named in HOME/etc/ossec.conf stays reachable", root, async () => {
  const p = createNetPair();
  const home = mkdtempSync(join(tmpdir(), "riposte-iso-"));
  try {
    mkdirSync(join(home, "etc"));
    writeFileSync(join(home, "etc", "ossec.conf"), `<ossec_config><client><server><address>${p.attacker4}</address><port>1514</port><protocol>tcp</protocol></server></client></ossec_config>\n`);
    const a = isolateHost({ netns: p.victim.name, home });
    assert.equal((await a.add(ipMessage("192.0.2.1"), addContext())).outcome, "done");
    assert.equal(p.attacker.status(["ping", "-c", "1", "-W", "1", p.victim4]), 0, "the manager's address still reaches the host");
    assert.notEqual(p.attacker.status(["ping", "-c", "1", "-W", "1", p.victim6]), 0, "anything else is cut");
    assert.equal((await a.delete(ipMessage("192.0.2.1"), deleteContext)).outcome, "done");
    assert.equal(p.attacker.status(["ping", "-c", "1", "-W", "1", p.victim6]), 0);
  } finally {
    p.delete();
    rmSync(home, { recursive: true, force: true });
  }
});
