import { test } from "node:test";
import assert from "node:assert/strict";
import { createNetPair, createNetns, isRoot } from "../../../test/harness/netns.ts";
import { addContext, deleteContext, ipMessage } from "../../../test/harness/action_message.ts";
import { runResponseActionConformance } from "../../../test/harness/response_action_conformance.ts";
import { createCommandRunner } from "./command_runner.ts";
import { routeArgv, routeNull } from "./route_null.ts";

const root = { skip: !isRoot() && "needs root (network namespaces)" };

function blackholes(ns: { exec(argv: readonly string[]): string }): string {
  return ns.exec(["ip", "-4", "route", "show", "type", "blackhole"]) + ns.exec(["ip", "-6", "route", "show", "type", "blackhole"]);
}

runResponseActionConformance("route-null", () => {
  const ns = createNetns();
  const base = createCommandRunner({ netns: ns.name });
  return {
    action: routeNull({ netns: ns.name }),
    hanging: routeNull({ run: (_argv, o) => base(["sleep", "3600"], o) }),
    message: (ip) => ipMessage(ip),
    isActive: (ip) => blackholes(ns).split("\n").some((l) => l.startsWith(`blackhole ${ip} `) || l.trim() === `blackhole ${ip}`),
    cleanup: () => ns.delete(),
  };
});

test("route-null: IPv4 and IPv6 blackholes, add twice and delete twice harmless, no trace left", root, async () => {
  const ns = createNetns();
  try {
    const a = routeNull({ netns: ns.name });
    for (let i = 0; i < 2; i++) for (const ip of ["203.0.113.5", "2001:db8::5"]) assert.equal((await a.add(ipMessage(ip), addContext())).outcome, "done");
    const routes = blackholes(ns);
    assert.equal(routes.match(/blackhole 203\.0\.113\.5/g)?.length, 1, routes);
    assert.equal(routes.match(/blackhole 2001:db8::5/g)?.length, 1, routes);
    for (let i = 0; i < 2; i++) for (const ip of ["203.0.113.5", "2001:db8::5"]) assert.equal((await a.delete(ipMessage(ip), deleteContext)).outcome, "done");
    assert.equal(blackholes(ns).trim(), "");
  } finally {
    ns.delete();
  }
});

test("route-null: argv uses iproute2 with a host prefix; a missing ip tool is a failure", async () => {
  assert.deepEqual(routeArgv("replace", { ip: "192.0.2.1", family: 4 }), ["ip", "-4", "route", "replace", "blackhole", "192.0.2.1/32"]);
  assert.deepEqual(routeArgv("del", { ip: "2001:db8::1", family: 6 }), ["ip", "-6", "route", "del", "blackhole", "2001:db8::1/128"]);
  const r = await routeNull({ run: createCommandRunner({ env: { PATH: "/nonexistent" } }) }).add(ipMessage("192.0.2.1"), addContext());
  assert.equal(r.code, "ACTION_TOOL_MISSING");
});

test("route-null: real traffic — the victim's replies to the blackholed source are dropped, the delete restores them", root, async () => {
  const p = createNetPair();
  try {
    const ping = () => p.attacker.status(["ping", "-c", "1", "-W", "1", p.victim4]) === 0;
    const ping6 = () => p.attacker.status(["ping", "-c", "1", "-W", "1", p.victim6]) === 0;
    assert.ok(ping() && ping6());
    const a = routeNull({ netns: p.victim.name });
    await a.add(ipMessage(p.attacker4), addContext());
    await a.add(ipMessage(p.attacker6), addContext());
    assert.equal(ping(), false);
    assert.equal(ping6(), false);
    await a.delete(ipMessage(p.attacker4), deleteContext);
    await a.delete(ipMessage(p.attacker6), deleteContext);
    assert.ok(ping() && ping6());
  } finally {
    p.delete();
  }
});
