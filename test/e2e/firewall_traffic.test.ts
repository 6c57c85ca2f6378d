// Real traffic through a real kernel: an attacker and a victim namespace joined by a veth
// (IPv4 and IPv6). Ping and TCP connect work, firewall-drop blocks the attacker (both
// backends): ping and connect fail and an open TCP connection is cut; with nftables the
// kernel timeout lifts the block by itself and traffic flows again. Root only; namespaces
// are created per test and always deleted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import type { ChildProcess } from "node:child_process";
import { createNetPair, isRoot, type NetPair } from "../harness/netns.ts";
import { addContext, deleteContext, ipMessage } from "../harness/action_message.ts";
import { firewallDrop } from "../../src/response/mod.ts";

const NODE = process.execPath;
const PORT = 8022;
const root = { skip: !isRoot() && "needs root (network namespaces)" };

const SERVER = `require("net").createServer((c) => { c.on("error", () => {}); c.pipe(c); }).listen(${PORT}, "::", () => console.log("listening"));`;
const CONNECT = `const c = require("net").connect({ host: process.argv[1], port: ${PORT}, timeout: 700 }, () => { c.end(); process.exit(0); });
c.on("timeout", () => process.exit(3)); c.on("error", () => process.exit(4));`;
const HOLD = `const c = require("net").connect({ host: process.argv[1], port: ${PORT} }, () => console.log("connected"));
c.on("data", () => {}); c.on("error", (e) => console.log("error " + e.code)); c.on("close", () => { console.log("closed"); process.exit(0); });
setInterval(() => c.write("ping\\n"), 100);`;

/** Collects a child's stdout lines; next() waits for the next unread one. */
function lines(child: ChildProcess): { next(timeoutMs: number): Promise<string> } {
  const got: string[] = [];
  let buf = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      got.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      child.emit("line");
    }
  });
  return {
    async next(timeoutMs) {
      const deadline = AbortSignal.timeout(timeoutMs);
      while (got.length === 0) await once(child, "line", { signal: deadline });
      return got.shift() ?? "";
    },
  };
}

const ping = (p: NetPair, host: string) => p.attacker.status(["ping", "-c", "1", "-W", "1", host]) === 0;
const connect = (p: NetPair, host: string) => p.attacker.status([NODE, "-e", CONNECT, host]) === 0;

async function scenario(backend: "nftables" | "iptables", family: 4 | 6): Promise<void> {
  const p = createNetPair();
  const children: ChildProcess[] = [];
  try {
    const victim = family === 4 ? p.victim4 : p.victim6;
    const attacker = family === 4 ? p.attacker4 : p.attacker6;
    const server = p.victim.spawn([NODE, "-e", SERVER]);
    children.push(server);
    assert.equal(await lines(server).next(5000), "listening");
    assert.ok(ping(p, victim), "ping before the block");
    assert.ok(connect(p, victim), "TCP connect before the block");
    const held = p.attacker.spawn([NODE, "-e", HOLD, victim]);
    children.push(held);
    const heldLines = lines(held);
    assert.equal(await heldLines.next(5000), "connected");

    const action = firewallDrop({ netns: p.victim.name, backend, cut: "both" });
    const r = await action.add(ipMessage(attacker, ["kernel-timeout=3"]), addContext());
    assert.equal(r.outcome, "done", r.reason);
    const cut = await heldLines.next(3000);
    assert.match(cut, /^(error|closed)/, "the open connection is cut");
    assert.ok(!ping(p, victim), "ping is blocked");
    assert.ok(!connect(p, victim), "TCP connect is blocked");

    if (backend === "nftables") {
      await new Promise((res) => setTimeout(res, 3300)); // the kernel lifts it: no Riposte involved
    } else {
      assert.equal((await action.delete(ipMessage(attacker), deleteContext)).outcome, "done");
    }
    assert.ok(ping(p, victim), "ping flows again");
    assert.ok(connect(p, victim), "TCP connect works again");
  } finally {
    for (const c of children) c.kill("SIGKILL");
    p.delete();
  }
}

for (const backend of ["nftables", "iptables"] as const) {
  for (const family of [4, 6] as const) {
    test(`firewall-drop ${backend} IPv${family}: blocks ping and TCP, cuts the open connection, then traffic flows again`, root, () => scenario(backend, family));
  }
}

// A typical host firewall already accepts established traffic first. The block must still
// win for an open connection (nftables: a drop in our -200 chain is final; iptables: our jump
// sits above the accept), and cut=conntrack removes the source's conntrack entries.
const ECHO_HOLD = `const c = require("net").connect({ host: process.argv[1], port: ${PORT} }, () => console.log("connected"));
c.on("data", () => console.log("rx")); c.on("error", (e) => console.log("error " + e.code)); c.on("close", () => console.log("closed"));
setInterval(() => c.write("ping\\n"), 100);`;

async function establishedScenario(backend: "nftables" | "iptables"): Promise<void> {
  const p = createNetPair();
  const children: ChildProcess[] = [];
  try {
    if (backend === "nftables") {
      p.victim.exec(["nft", "-f", "-"], "table inet hostfw { chain input { type filter hook input priority 0; policy drop; iif lo accept; ct state established,related accept; tcp dport " + PORT + " accept; meta l4proto { icmp, ipv6-icmp } accept; }; }\n");
    } else {
      p.victim.exec(["iptables", "-A", "INPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"]);
      p.victim.exec(["iptables", "-A", "INPUT", "-p", "tcp", "--dport", String(PORT), "-j", "ACCEPT"]);
      p.victim.exec(["iptables", "-A", "INPUT", "-p", "icmp", "-j", "ACCEPT"]);
      p.victim.exec(["iptables", "-P", "INPUT", "DROP"]);
    }
    const server = p.victim.spawn([NODE, "-e", SERVER]);
    children.push(server);
    assert.equal(await lines(server).next(5000), "listening");
    const held = p.attacker.spawn([NODE, "-e", ECHO_HOLD, p.victim4]);
    children.push(held);
    const out = lines(held);
    assert.equal(await out.next(5000), "connected");
    assert.equal(await out.next(3000), "rx", "the connection carries data");
    const tracked = () => p.victim.exec(["conntrack", "-L", "-s", p.attacker4]).split("\n").filter((l) => l.includes(`src=${p.attacker4}`)).length;
    assert.ok(tracked() > 0, "the host tracks the connection");

    const r = await firewallDrop({ netns: p.victim.name, backend, cut: "conntrack" }).add(ipMessage(p.attacker4), addContext());
    assert.equal(r.outcome, "done", r.reason);
    await new Promise((res) => setTimeout(res, 300));
    while (await out.next(50).catch(() => undefined)) {
      // drain what was in flight before the block
    }
    await assert.rejects(out.next(1500), "no data flows on the established connection any more");
    assert.equal(tracked(), 0, "cut=conntrack removed the source's entries (none came back: its packets are dropped first)");
  } finally {
    for (const c of children) c.kill("SIGKILL");
    p.delete();
  }
}

for (const backend of ["nftables", "iptables"] as const) {
  test(`firewall-drop ${backend}: wins over a host firewall's "established, accept" and cuts conntrack state`, root, () => establishedScenario(backend));
}
