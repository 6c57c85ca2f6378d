// firewalld-drop against a REAL firewalld (not the simulated firewall-cmd of the unit test).
// Each test starts a private dbus-daemon (its own socket in a temp dir; the host's system bus
// is never used) and a firewalld confined to the victim namespace of a fresh victim/attacker
// veth pair (`ip netns exec`: its nftables rules live in that namespace only), with its own
// copy of the configuration (`--system-config`), so the host's /etc/firewalld, its firewall
// and its D-Bus are untouched: the test checks that the host's `nft list ruleset` is the same
// before and after. The action's firewall-cmd calls reach that firewalld through
// DBUS_SYSTEM_BUS_ADDRESS. Proven for IPv4 and IPv6: add → the rich rule is listed and ping
// and TCP connect from the attacker fail; add again → still one rule; delete → no rule and
// traffic flows; delete again → harmless; kernel-timeout → firewalld lifts the rule itself.
// firewalld and dbus-daemon are killed by the pids spawned here, and the namespaces and temp
// dirs deleted, even on failure. Skips only when not root or firewalld is not installed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNetPair, isRoot, type NetPair } from "../harness/netns.ts";
import { addContext, deleteContext, ipMessage } from "../harness/action_message.ts";
import { createCommandRunner, firewalldDrop, responseEnv } from "../../src/response/mod.ts";

const NODE = process.execPath;
const PORT = 8023;
const FIREWALLD = "/usr/sbin/firewalld";
const FIREWALL_CMD = "/usr/bin/firewall-cmd";

function skipReason(): string | false {
  if (!isRoot()) return "needs root (network namespaces, firewalld)";
  if (!existsSync(FIREWALLD) || !existsSync(FIREWALL_CMD)) return "firewalld is not installed (apt-get install firewalld)";
  return false;
}
const opts = { skip: skipReason(), timeout: 30_000 };

const SERVER = `require("net").createServer((c) => { c.on("error", () => {}); c.pipe(c); }).listen(${PORT}, "::", () => console.log("listening"));`;
const CONNECT = `const c = require("net").connect({ host: process.argv[1], port: ${PORT}, timeout: 700 }, () => { c.end(); process.exit(0); });
c.on("timeout", () => process.exit(3)); c.on("error", () => process.exit(4));`;

const ping = (p: NetPair, host: string) => p.attacker.status(["ping", "-c", "1", "-W", "1", host]) === 0;
const connect = (p: NetPair, host: string) => p.attacker.status([NODE, "-e", CONNECT, host]) === 0;
const hostRuleset = () => execFileSync("nft", ["list", "ruleset"], { encoding: "utf8" });

function busConfig(socket: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
  <includedir>/usr/share/dbus-1/system.d</includedir>
  <includedir>/etc/dbus-1/system.d</includedir>
</busconfig>
`;
}

/** Waits for the first stdout line of a child (or fails with its stderr). */
async function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => { out += d; child.emit("out"); });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => { err += d; });
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    while (!out.includes("\n")) await once(child, "out", { signal: deadline });
  } catch (error: unknown) {
    throw new Error(`no output from ${String(child.spawnargs.join(" "))}: ${err}`, { cause: error });
  }
  return out.slice(0, out.indexOf("\n"));
}

/** SIGTERM by pid, SIGKILL after 3 s; resolves when the child has exited. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

interface Firewalld {
  readonly env: NodeJS.ProcessEnv;
  cmd(args: readonly string[]): { code: number; stdout: string };
  richRules(): string[];
  log(): string;
}

async function withFirewalld(fn: (p: NetPair, fw: Firewalld) => Promise<void>): Promise<void> {
  const before = hostRuleset();
  const dir = mkdtempSync(join(tmpdir(), "riposte-firewalld-"));
  const children: ChildProcess[] = [];
  let p: NetPair | undefined;
  let fwLog = "";
  try {
    const socket = join(dir, "system_bus_socket");
    writeFileSync(join(dir, "bus.conf"), busConfig(socket));
    cpSync("/etc/firewalld", join(dir, "etc"), { recursive: true }); // firewalld's own copy of its config
    const dbus = spawn("dbus-daemon", [`--config-file=${join(dir, "bus.conf")}`, "--nofork", "--print-address"], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(dbus);
    assert.match(await firstLine(dbus, 5000), /^unix:path=/);
    const env = { ...responseEnv(), DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${socket}` };

    p = createNetPair();
    const firewalld = spawn("ip", ["netns", "exec", p.victim.name, FIREWALLD, "--nofork", "--nopid", "--system-config", join(dir, "etc"), "--log-target", "console"], { env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(firewalld);
    firewalld.stdout.setEncoding("utf8").on("data", (d: string) => { fwLog += d; });
    firewalld.stderr.setEncoding("utf8").on("data", (d: string) => { fwLog += d; });

    const fw: Firewalld = {
      env,
      cmd(args) {
        try {
          return { code: 0, stdout: execFileSync(FIREWALL_CMD, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
        } catch (error: unknown) {
          const e = error as { status?: number; stdout?: string };
          return { code: e.status ?? 1, stdout: e.stdout ?? "" };
        }
      },
      richRules: () => fw.cmd(["--list-rich-rules"]).stdout.split("\n").filter((l) => l !== ""),
      log: () => fwLog,
    };
    const started = Date.now();
    while (fw.cmd(["--state"]).code !== 0) {
      assert.ok(firewalld.exitCode === null, `firewalld exited: ${fwLog}`);
      assert.ok(Date.now() - started < 15_000, `firewalld did not start in 15 s: ${fwLog}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    // The victim's host firewall: firewalld's default zone (public) rejects unknown ports; open ours.
    assert.equal(fw.cmd([`--add-port=${PORT}/tcp`]).code, 0);
    assert.ok(p.victim.exec(["nft", "list", "ruleset"]).includes("firewalld"), "firewalld's tables are in the victim namespace");

    const server = p.victim.spawn([NODE, "-e", SERVER]);
    children.push(server);
    assert.equal(await firstLine(server, 5000), "listening");
    await fn(p, fw);
  } finally {
    for (const c of children.reverse()) await stop(c);
    p?.delete();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(hostRuleset(), before, "the host's nftables ruleset is unchanged");
}

for (const family of [4, 6] as const) {
  test(`firewalld-drop against a real firewalld, IPv${family}: rich rule, traffic blocked, removed, traffic flows; idempotent; --timeout`, opts, () =>
    withFirewalld(async (p, fw) => {
      const victim = family === 4 ? p.victim4 : p.victim6;
      const attacker = family === 4 ? p.attacker4 : p.attacker6;
      const rule = `rule family="ipv${family}" source address="${attacker}" drop`;
      assert.ok(ping(p, victim), "ping before the block");
      assert.ok(connect(p, victim), "TCP connect before the block");

      const action = firewalldDrop({ run: createCommandRunner({ env: fw.env }) });
      for (let i = 0; i < 2; i++) {
        const r = await action.add(ipMessage(attacker), addContext());
        assert.equal(r.outcome, "done", `add #${i + 1}: ${r.reason ?? ""}\nfirewalld: ${fw.log()}`);
        assert.deepEqual(fw.richRules(), [rule], `add #${i + 1}: exactly one rich rule`);
      }
      assert.ok(p.victim.exec(["nft", "list", "ruleset"]).includes(`saddr ${attacker} drop`), "firewalld put the drop in the kernel");
      assert.ok(!ping(p, victim), "ping is blocked");
      assert.ok(!connect(p, victim), "TCP connect is blocked");

      for (let i = 0; i < 2; i++) {
        const r = await action.delete(ipMessage(attacker), deleteContext);
        assert.equal(r.outcome, "done", `delete #${i + 1}: ${r.reason ?? ""}`);
        assert.deepEqual(fw.richRules(), [], `delete #${i + 1}: no rich rule`);
      }
      assert.ok(!p.victim.exec(["nft", "list", "ruleset"]).includes(attacker), "no trace in the kernel");
      assert.ok(ping(p, victim), "ping flows again");
      assert.ok(connect(p, victim), "TCP connect works again");

      // kernel-timeout → --timeout: firewalld lifts the rule by itself, no Riposte involved.
      const timed = await action.add(ipMessage(attacker, ["kernel-timeout=2"]), addContext());
      assert.equal(timed.outcome, "done", timed.reason);
      assert.deepEqual(fw.richRules(), [rule]);
      assert.ok(!connect(p, victim), "TCP connect is blocked by the timed rule");
      const until = Date.now() + 6000;
      while (fw.richRules().length > 0 && Date.now() < until) await new Promise((res) => setTimeout(res, 250));
      assert.deepEqual(fw.richRules(), [], "firewalld removed the timed rule itself");
      assert.ok(connect(p, victim), "TCP connect works after firewalld's timeout");
    }));
}
