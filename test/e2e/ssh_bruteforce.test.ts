// The brute-force scenario of the Wazuh documentation, for real (issue 6): an `attacker` and a
// `victim` network namespace over a veth pair. The victim runs a real OpenSSH server, a
// Riposte manager and an enrolled Riposte agent (both on the victim's loopback); the agent
// tails sshd's log and runs the real active-response/bin/firewall-drop (nftables) when the
// manager's rule fires. The attacker first opens a legitimate SSH session (key login), then
// runs the real `ssh` client with a non-existent user and wrong passwords until it is blocked:
// then it can neither ping nor open a TCP connection, its open session is cut, and after the
// response's timeout it connects again. IPv4 and IPv6. Root only.
//
// sshd runs with -e (log to stderr) and this test prefixes each line with a syslog header
// before appending it to the file the agent tails: the namespace has no syslog daemon.
// With a non-existent user, Riposte's ruleset (like Wazuh's) fires 5712 ("brute force with
// accounts that do not exist"), the sibling of 5763 for existing users; the response is
// bound to both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createNetPair, isRoot, type NetPair } from "../harness/netns.ts";
import { makeAgentHome, makeManagerHome, readAlerts, waitForManager, type ManagerHome } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const NODE = join(ROOT, "node_modules", ".bin", "node");
const RIPOSTE = join(ROOT, "bin", "riposte.ts");
const TIMEOUT_SEC = 12;
const skip = !isRoot() ? "needs root (network namespaces)" : !existsSync("/usr/sbin/sshd") ? "needs openssh-server" : false;

function syslogStamp(d = new Date()): string {
  const m = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getMonth()];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${m} ${String(d.getDate()).padStart(2, " ")} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function managerHome(dir: string): Promise<ManagerHome> {
  return makeManagerHome(dir, [], {
    ruleset: "riposte",
    extra: `<command><name>firewall-drop</name><executable>firewall-drop</executable><extra_args>cut=both</extra_args><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5712,5763</rules_id><timeout>${TIMEOUT_SEC}</timeout></active-response>`,
  });
}

interface Scene {
  readonly dir: string;
  readonly pair: NetPair;
  readonly children: ChildProcess[];
  inVictim(name: string, argv: readonly string[]): ChildProcess;
}

function scene(dir: string, pair: NetPair): Scene {
  const children: ChildProcess[] = [];
  return {
    dir, pair, children,
    inVictim(name, argv) {
      const out = openSync(join(dir, `${name}.out`), "a");
      const c = spawn("ip", ["netns", "exec", pair.victim.name, ...argv], { cwd: ROOT, stdio: ["ignore", out, out] });
      children.push(c);
      return c;
    },
  };
}

function sshdConfig(dir: string): string {
  const keys = join(dir, "ssh");
  mkdirSync(keys, { recursive: true });
  spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(keys, "host")]);
  spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(keys, "client")]);
  writeFileSync(join(keys, "authorized_keys"), readFileSync(join(keys, "client.pub")));
  writeFileSync(join(keys, "askpass"), "#!/bin/sh\necho wrong-password\n");
  chmodSync(join(keys, "askpass"), 0o755);
  writeFileSync(join(keys, "sshd_config"), [
    "Port 22", "ListenAddress 0.0.0.0", "ListenAddress ::", `HostKey ${join(keys, "host")}`, "PidFile none", "UsePAM no",
    "PasswordAuthentication yes", "KbdInteractiveAuthentication no", "PubkeyAuthentication yes", "PermitRootLogin prohibit-password",
    `AuthorizedKeysFile ${join(keys, "authorized_keys")}`, "StrictModes no", "MaxStartups 100", "MaxAuthTries 2", "LogLevel INFO", "",
  ].join("\n"));
  mkdirSync("/run/sshd", { recursive: true });
  return keys;
}

/** sshd -e with each stderr line written to `log` behind a syslog header. */
function startSshd(s: Scene, keys: string, log: string): void {
  const sshd = spawn("ip", ["netns", "exec", s.pair.victim.name, "/usr/sbin/sshd", "-D", "-e", "-f", join(keys, "sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
  s.children.push(sshd);
  let buf = "";
  sshd.stderr.setEncoding("utf8").on("data", (d: string) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = `${syslogStamp()} victim sshd[${sshd.pid}]: ${buf.slice(0, nl).replace(/\r$/, "")}\n`; // sshd -e ends lines with CR LF
      buf = buf.slice(nl + 1);
      try {
        appendFileSync(log, line);
      } catch {
        // its last words after the test removed the folder are dropped
      }
    }
  });
}

function ssh(s: Scene, keys: string, args: readonly string[]): string[] {
  return ["ip", "netns", "exec", s.pair.attacker.name, "ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=2", ...args];
}

/** One failed login (asynchronous: this process also relays sshd's log lines meanwhile). */
function attempt(s: Scene, keys: string, host: string): Promise<number | null> {
  const [file, ...argv] = ssh(s, keys, ["-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1", `nosuchuser@${host}`, "true"]);
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", SSH_ASKPASS: join(keys, "askpass"), SSH_ASKPASS_REQUIRE: "force", DISPLAY: ":0" };
  return new Promise((done) => {
    const c = spawn(file as string, argv, { env, stdio: "ignore", timeout: 10_000 });
    c.on("close", (code) => done(code));
  });
}

async function scenario(family: 4 | 6): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-ssh-"));
  const pair = createNetPair();
  const s = scene(dir, pair);
  const victim = family === 4 ? pair.victim4 : pair.victim6;
  const attacker = family === 4 ? pair.attacker4 : pair.attacker6;
  try {
    const m = await managerHome(dir);
    s.inVictim("manager", [NODE, RIPOSTE, "manager", "--home", m.home]);
    await waitForManager(m.home, 30_000);
    const log = join(dir, "auth.log");
    writeFileSync(log, "");
    const home = makeAgentHome(dir, "victim", m, [log]);
    mkdirSync(join(home, "active-response", "bin"), { recursive: true });
    symlinkSync(join(ROOT, "active-response", "bin", "firewall-drop"), join(home, "active-response", "bin", "firewall-drop"));
    const enroll = spawnSync("ip", ["netns", "exec", pair.victim.name, NODE, RIPOSTE, "enroll", "--manager", `127.0.0.1:${m.authPort}`, "--password", m.password, "--name", "victim", "--home", home], { encoding: "utf8" });
    assert.equal(enroll.status, 0, enroll.stdout + enroll.stderr);
    s.inVictim("agent", [NODE, RIPOSTE, "agent", "--home", home]);
    await waitFor("the agent received ar.conf", () => existsSync(join(home, "etc", "shared", "ar.conf")), 30_000, 100);

    const keys = sshdConfig(dir);
    startSshd(s, keys, log);
    await waitFor("sshd listening", () => pair.attacker.status(["sh", "-c", `exec 3<>/dev/tcp/${victim}/22`]) === 0 || readFileSync(log, "utf8").includes("Server listening"), 10_000, 100);
    const [sf, ...sargs] = ssh(s, keys, ["-i", join(keys, "client"), "-o", "BatchMode=yes", `root@${victim}`, "sleep 600"]);
    const session = spawn(sf as string, sargs, { stdio: "ignore" });
    s.children.push(session);
    await waitFor("the legitimate session", () => readFileSync(log, "utf8").includes("Accepted publickey for root"), 10_000, 50);
    assert.equal(pair.attacker.status(["ping", "-c", "1", "-W", "1", victim]), 0, "ping before the attack");

    const arLog = join(home, "logs", "active-responses.log");
    const blocked = () => existsSync(arLog) && readFileSync(arLog, "utf8").includes(`Blocked ${attacker}`);
    let attempts = 0;
    while (!blocked() && attempts < 30) {
      await attempt(s, keys, victim);
      attempts++;
    }
    await waitFor(`the block of ${attacker}`, blocked, 20_000, 100);
    const alert = readAlerts(m.home).find((a) => ["5712", "5763"].includes(a.rule.id));
    assert.ok(alert, "rule 5712 or 5763 fired");
    await waitFor("the open SSH session is cut", () => session.exitCode !== null || session.signalCode !== null, 5_000, 50);
    assert.notEqual(pair.attacker.status(["ping", "-c", "1", "-W", "1", victim]), 0, "ping blocked");
    assert.notEqual(await attempt(s, keys, victim), 0);
    const tcp = spawnSync("ip", ["netns", "exec", pair.attacker.name, NODE, "-e", `const c=require("net").connect({host:"${victim}",port:22,timeout:1500},()=>process.exit(0));c.on("timeout",()=>process.exit(3));c.on("error",()=>process.exit(4));`]);
    assert.notEqual(tcp.status, 0, "TCP connect blocked");

    await waitFor("the timeout's delete", () => readFileSync(arLog, "utf8").includes(`Unblocked ${attacker}`), (TIMEOUT_SEC + 20) * 1000, 200);
    assert.equal(pair.attacker.status(["ping", "-c", "1", "-W", "1", victim]), 0, "ping works again");
    const again = spawnSync("ip", ["netns", "exec", pair.attacker.name, NODE, "-e", `const c=require("net").connect({host:"${victim}",port:22,timeout:1500},()=>process.exit(0));c.on("timeout",()=>process.exit(3));c.on("error",()=>process.exit(4));`]);
    assert.equal(again.status, 0, "TCP connect works again");
    const seen = readFileSync(log, "utf8").split("\n").filter((l) => l.includes("Failed password for invalid user")).length;
    process.stdout.write(`# IPv${family}: blocked after ${attempts} ssh attempts (${seen} failed passwords logged by sshd; rule ${alert.rule.id})\n`);
  } finally {
    for (const c of s.children) c.kill("SIGKILL");
    pair.delete();
    if (process.env.RIPOSTE_E2E_KEEP) process.stdout.write(`# kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

for (const family of [4, 6] as const) {
  test(`ssh brute force IPv${family}: real sshd and ssh across namespaces, blocked, session cut, lifted after the timeout`, { skip, timeout: 180_000 }, () => scenario(family));
}
