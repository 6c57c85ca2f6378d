// The "line appended → address in the kernel set" stage of `npm run bench -- block`, with
// real processes inside the bench's namespace: a `riposte manager`, an enrolled `riposte
// agent` tailing a file, and active-response/bin/firewall-drop (Riposte's launcher, which the
// agent's execd runs in-process). A single-line rule with Wazuh's id 5763 is bound to
// firewall-drop (the shipped 5763 needs 8 lines and ignores repeats for 60 s; what is timed
// here is the path of the triggering line). `nft monitor` reports each element as the kernel
// adds it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, makeAgentHome, waitForManager } from "../test/harness/riposte_process.ts";

const ROOT = resolve(import.meta.dirname, "..");
const RIPOSTE = join(ROOT, "bin", "riposte.ts");

const DECODERS = `<decoder name="bench-sshd"><program_name>^sshd$</program_name></decoder>
<decoder name="bench-sshd-failed"><parent>bench-sshd</parent><regex>^Failed password for (\\S+) from (\\S+) port</regex><order>srcuser, srcip</order></decoder>
`;
const RULES = `<group name="syslog,sshd,">
  <rule id="1" level="0" noalert="1"><category>syslog</category><description>syslog root (bench)</description></rule>
  <rule id="5763" level="10"><decoded_as>bench-sshd</decoded_as><match>Failed password</match><description>bench: brute force line</description></rule>
</group>
`;

async function managerHome(dir: string) {
  const home = join(dir, "manager");
  for (const d of ["etc", "rules/decoders", "rules/rules"]) mkdirSync(join(home, d), { recursive: true });
  writeFileSync(join(home, "rules", "decoders", "bench.xml"), DECODERS);
  writeFileSync(join(home, "rules", "rules", "bench.xml"), RULES);
  writeFileSync(join(home, "etc", "authd.pass"), "bench-password\n");
  const remotePort = await freePort();
  const authPort = await freePort();
  writeFileSync(join(home, "etc", "ossec.conf"), `<ossec_config>
  <global><jsonout_output>yes</jsonout_output></global>
  <remote><connection>secure</connection><port>${remotePort}</port><protocol>tcp</protocol><local_ip>127.0.0.1</local_ip></remote>
  <auth><port>${authPort}</port><use_password>yes</use_password></auth>
  <ruleset><decoder_dir>${join(home, "rules", "decoders")}</decoder_dir><rule_dir>${join(home, "rules", "rules")}</rule_dir></ruleset>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><extra_args>cut=none</extra_args><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5763</rules_id><timeout>600</timeout></active-response>
</ossec_config>
`);
  return { home, remotePort, authPort, password: "bench-password" };
}

/** Milliseconds from each triggering line's append to its address's element in the kernel set. */
export async function lineToKernel(trials: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), "riposte-bench-pipeline-"));
  const children: ChildProcess[] = [];
  const start = (name: string, args: string[]) => {
    const out = openSync(join(dir, `${name}.out`), "a");
    const c = spawn(process.execPath, [RIPOSTE, ...args], { cwd: ROOT, stdio: ["ignore", out, out] });
    children.push(c);
    return c;
  };
  try {
    const m = await managerHome(dir);
    start("manager", ["manager", "--home", m.home]);
    await waitForManager(m.home, 30_000);
    const file = join(dir, "auth.log");
    writeFileSync(file, "");
    const home = makeAgentHome(dir, "bench", m, [file]);
    mkdirSync(join(home, "active-response", "bin"), { recursive: true });
    symlinkSync(join(ROOT, "active-response", "bin", "firewall-drop"), join(home, "active-response", "bin", "firewall-drop"));
    const enroll = spawnSync(process.execPath, [RIPOSTE, "enroll", "--manager", `127.0.0.1:${m.authPort}`, "--password", m.password, "--name", "bench", "--home", home], { encoding: "utf8" });
    if (enroll.status !== 0) throw new Error(`enroll failed: ${enroll.stdout}${enroll.stderr}`);
    start("agent", ["agent", "--home", home]);
    const deadline = Date.now() + 60_000;
    while (!existsSync(join(home, "etc", "shared", "ar.conf"))) {
      if (Date.now() > deadline) throw new Error(`the agent did not receive ar.conf: ${readFileSync(join(dir, "agent.out"), "utf8").slice(-500)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seen = new Map<string, number>();
    let wake: (() => void) | undefined;
    // nft block-buffers a pipe: a pty (script) makes it print each event at once. Fixed command text.
    const monitor = spawn("script", ["-qfc", "nft monitor new elements", "/dev/null"], { stdio: ["ignore", "pipe", "ignore"] });
    children.push(monitor);
    monitor.stdout.setEncoding("utf8").on("data", (d: string) => {
      const at = performance.now();
      if (process.env.RIPOSTE_BENCH_KEEP) appendFileSync(join(dir, "monitor.out"), d);
      for (const m of d.matchAll(/(\d+\.\d+\.\d+\.\d+)/g)) if (m[1] && !seen.has(m[1])) seen.set(m[1], at);
      wake?.();
    });
    await new Promise((r) => setTimeout(r, 300));
    const out: number[] = [];
    for (let n = 0; n < trials + 5; n++) {
      const ip = `198.18.${n >> 8}.${n & 255}`; // a range no other stage of the bench uses
      const t0 = performance.now();
      appendFileSync(file, `Nov 29 10:00:00 bench sshd[42]: Failed password for root from ${ip} port 4242 ssh2\n`);
      const limit = Date.now() + 10_000;
      while (!seen.has(ip)) {
        if (Date.now() > limit) throw new Error(`${ip} did not reach the kernel within 10 s`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, 50);
          wake = () => (clearTimeout(t), r());
        });
      }
      if (n >= 5) out.push((seen.get(ip) ?? t0) - t0); // the first few warm up the chain
    }
    return out;
  } finally {
    for (const c of children) c.kill("SIGKILL");
    if (process.env.RIPOSTE_BENCH_KEEP) process.stdout.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
