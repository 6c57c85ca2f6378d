// `npm run bench -- fleet [--agents=N] [--rate=R] [--duration=S] [--batch=B]` (the `=` form: the
// bench dispatcher treats separate words as bench names): one real manager process
// (`riposte manager`, small ruleset) and N simulated agent connections (default 2,000), each
// an enrolled identity over TLS 1.3 with its own certificate, sending R events/s (default 10)
// for S seconds (default 60), speaking the real protocol (hello, events with sequence
// numbers, cumulative acks). Reports loss (sent vs acknowledged), how long analysis took to
// drain, manager CPU, RSS, and intake latency (send → durable ack). Exit 1 on any loss or an
// analysis that did not drain within 180 s.
// Identities are issued with the manager's CA straight into its registry (enrollment is
// rate-limited per address, and 2,000 enrollments from one address is exactly what that
// limit refuses), so the bench measures the steady state, not the enrollment service.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { spawn } from "node:child_process";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AgentRegistry, controlRequest } from "../src/manager/mod.ts";
import { certificateFingerprint, connectTls, createAgentCsr, signAgentCsr, type Channel } from "../src/transport/mod.ts";

const { values } = parseArgs({ options: { agents: { type: "string" }, rate: { type: "string" }, duration: { type: "string" }, batch: { type: "string" } } });
const AGENTS = Number(values.agents ?? 2000);
const RATE = Number(values.rate ?? 10);
const DURATION_S = Number(values.duration ?? 60);
/** Events per message: 1 = each event shipped alone (worst case); real agents batch what is spooled. */
const BATCH = Math.max(1, Number(values.batch ?? 1));
const ROOT = join(import.meta.dirname, "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function managerHome(dir: string): { home: string; port: number } {
  const home = join(dir, "manager");
  mkdirSync(join(home, "etc"), { recursive: true });
  mkdirSync(join(home, "rules", "decoders"), { recursive: true });
  mkdirSync(join(home, "rules", "rules"), { recursive: true });
  writeFileSync(join(home, "rules", "rules", "bench_rules.xml"), `<group name="bench,">
  <rule id="1" level="0" noalert="1"><category>syslog</category><description>Root (bench)</description></rule>
  <rule id="100020" level="3"><match>bench-event</match><description>bench event</description></rule>
</group>\n`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  writeFileSync(join(home, "etc", "ossec.conf"), `<ossec_config>
  <global><jsonout_output>yes</jsonout_output></global>
  <remote><connection>secure</connection><port>${port}</port><protocol>tcp</protocol><local_ip>127.0.0.1</local_ip></remote>
  <auth><disabled>yes</disabled></auth>
  <ruleset><decoder_dir>${join(home, "rules", "decoders")}</decoder_dir><rule_dir>${join(home, "rules", "rules")}</rule_dir></ruleset>
</ossec_config>\n`);
  return { home, port };
}

function startManager(home: string) {
  const child = spawn(join(ROOT, "node_modules", ".bin", "node"), [join(ROOT, "bin", "riposte.ts"), "manager", "--home", home], { stdio: ["ignore", "ignore", "ignore"] });
  return child;
}

async function waitReady(home: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await controlRequest(join(home, "var", "run", "control.sock"), "status")).ok) return;
    } catch {
      // Not up yet.
    }
    await sleep(100);
  }
  throw new Error("manager did not start");
}

/** CPU seconds (user+system) and RSS / peak RSS (MiB) of a process, from /proc. */
function procStats(pid: number): { cpuS: number; rssMiB: number; hwmMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = Number(stat[11]) + Number(stat[12]);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuS: ticks / 100, rssMiB: kb("VmRSS") / 1024, hwmMiB: kb("VmHWM") / 1024 };
}

interface Sim {
  id: string;
  channel: Channel;
  nextSeq: number;
  acked: number;
  sentAt: Map<number, number>;
}

const latencies: number[] = [];
let benchCpuBefore = process.cpuUsage();
let benchCpu = process.cpuUsage();

async function issueIdentities(home: string): Promise<{ id: string; certPem: string; keyPem: string }[]> {
  const ca = { certPem: readFileSync(join(home, "etc", "rootCA.pem"), "utf8"), keyPem: readFileSync(join(home, "etc", "rootCA.key"), "utf8") };
  const registry = new AgentRegistry(join(home, "queue", "agents.db"));
  const { csrPem, keyPem } = await createAgentCsr("bench");
  const out = [];
  for (let i = 0; i < AGENTS; i++) {
    let certPem = "";
    const rec = await registry.add({ name: `sim-${i}`, ip: "127.0.0.1", groups: [] }, async (id) => {
      const signed = await signAgentCsr(ca, csrPem, id);
      certPem = signed.certPem;
      return { serial: signed.serial, fingerprint: certificateFingerprint(signed.certPem) };
    });
    out.push({ id: rec.id, certPem, keyPem });
  }
  registry.close();
  return out;
}

async function connectSim(port: number, caPem: string, pin: string, who: { id: string; certPem: string; keyPem: string }): Promise<Sim> {
  const channel = await connectTls({ host: "127.0.0.1", port, certPem: who.certPem, keyPem: who.keyPem, caPem, pinSha256: pin, timeoutMs: 60_000 });
  await channel.send({ t: "hello", agentId: who.id, name: `sim-${who.id}`, version: "bench", spoolId: `bench-${who.id}`, dropped: 0 });
  const sim: Sim = { id: who.id, channel, nextSeq: 1, acked: 0, sentAt: new Map() };
  void (async () => {
    for await (const m of channel.messages()) {
      if (m.t !== "ack") continue;
      const now = performance.now();
      for (let s = sim.acked + 1; s <= m.seq; s++) {
        const t = sim.sentAt.get(s);
        if (t !== undefined) latencies.push(now - t);
        sim.sentAt.delete(s);
      }
      sim.acked = Math.max(sim.acked, m.seq);
    }
  })();
  return sim;
}

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "riposte-fleet-"));
  const { home, port } = managerHome(dir);
  let manager = startManager(home);
  try {
    await waitReady(home);
    manager.kill("SIGTERM");
    await new Promise((r) => manager.once("exit", r));
    const t0 = performance.now();
    const identities = await issueIdentities(home);
    process.stdout.write(`issued ${AGENTS} agent certificates in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    manager = startManager(home);
    await waitReady(home);
    const pid = manager.pid ?? 0;
    const caPem = readFileSync(join(home, "etc", "rootCA.pem"), "utf8");
    const pin = certificateFingerprint(readFileSync(join(home, "etc", "sslmanager.cert"), "utf8"));
    const sims: Sim[] = [];
    const t1 = performance.now();
    for (let i = 0; i < identities.length; i += 100) {
      sims.push(...(await Promise.all(identities.slice(i, i + 100).map((who) => connectSim(port, caPem, pin, who)))));
    }
    process.stdout.write(`connected ${sims.length} agents in ${((performance.now() - t1) / 1000).toFixed(1)} s\n`);
    await sleep(1000);
    const before = procStats(pid);
    benchCpuBefore = process.cpuUsage();
    const startStatus = (await controlRequest(join(home, "var", "run", "control.sock"), "status")).data as { analysis: { analysed: number } };
    const sent = await drive(sims);
    const runEnd = procStats(pid);
    benchCpu = process.cpuUsage(benchCpuBefore);
    return await report(home, pid, sims, sent, before, runEnd, startStatus.analysis.analysed);
  } finally {
    manager.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every agent sends BATCH events every BATCH*1000/RATE ms (phases staggered) for DURATION_S. */
async function drive(sims: Sim[]): Promise<number> {
  let sent = 0;
  const periodMs = (1000 * BATCH) / RATE;
  const timers: NodeJS.Timeout[] = [];
  const started = performance.now();
  sims.forEach((sim, i) => {
    const start = setTimeout(() => {
      timers.push(setInterval(() => {
        const firstSeq = sim.nextSeq;
        const now = performance.now();
        const items = Array.from({ length: BATCH }, (_, k) => {
          sim.sentAt.set(firstSeq + k, now);
          return { location: "/var/log/bench.log", log: `Nov 29 10:00:00 sim prog[1]: bench-event ${sim.id} ${firstSeq + k}`, queue: "1" as const };
        });
        sim.nextSeq += BATCH;
        sent += BATCH;
        void sim.channel.send({ t: "events", firstSeq, items }).catch(() => undefined);
      }, periodMs));
    }, (i * periodMs) / sims.length);
    timers.push(start);
  });
  await sleep(DURATION_S * 1000);
  for (const t of timers) clearInterval(t);
  process.stdout.write(`sent ${sent} events in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return sent;
}

async function report(home: string, pid: number, sims: Sim[], sent: number, before: ReturnType<typeof procStats>, runEnd: ReturnType<typeof procStats>, analysedBefore: number): Promise<number> {
  const sock = join(home, "var", "run", "control.sock");
  const ackedNow = () => sims.reduce((n, x) => n + x.acked, 0);
  const waitStart = performance.now();
  let ackedAfterMs = -1;
  let drainedAfterMs = -1;
  let status = { analysed: 0, backlog: 0, loop: { p50: 0, p99: 0, max: 0 } };
  while (performance.now() - waitStart < 180_000) {
    const s = (await controlRequest(sock, "status")).data as { analysis: { analysed: number }; backlog: number; loopDelayMs: { p50: number; p99: number; max: number } };
    status = { analysed: s.analysis.analysed - analysedBefore, backlog: s.backlog, loop: s.loopDelayMs };
    if (ackedAfterMs < 0 && ackedNow() >= sent) ackedAfterMs = performance.now() - waitStart;
    if (ackedAfterMs >= 0 && s.backlog === 0 && status.analysed >= sent) {
      drainedAfterMs = performance.now() - waitStart;
      break;
    }
    await sleep(250);
  }
  const acked = ackedNow();
  const after = procStats(pid);
  const sorted = latencies.sort((a, b) => a - b);
  const cpu = ((runEnd.cpuS - before.cpuS) / DURATION_S) * 100;
  const seconds = (ms: number) => (ms < 0 ? "not within 180 s" : `${(ms / 1000).toFixed(1)} s after the run`);
  const lines = [
    `agents ${sims.length}, ${RATE} events/s each in messages of ${BATCH}, ${DURATION_S} s: offered ${(sent / DURATION_S).toFixed(0)} events/s`,
    `sent ${sent}, acknowledged (durable in the intake journal) ${acked}: loss ${sent - acked}; all acknowledged ${seconds(ackedAfterMs)}`,
    `analysed ${status.analysed} (local agent excluded), backlog ${status.backlog}: analysis drained ${seconds(drainedAfterMs)}`,
    `manager CPU ${cpu.toFixed(0)}% of one core during the run; RSS ${after.rssMiB.toFixed(0)} MiB, peak ${after.hwmMiB.toFixed(0)} MiB`,
    `load generator (this process) CPU ${(((benchCpu.user + benchCpu.system) / 1e6 / DURATION_S) * 100).toFixed(0)}% of one core; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`,
    `manager event-loop delay since start: p50 ${status.loop.p50} ms, p99 ${status.loop.p99} ms, max ${status.loop.max} ms`,
    `intake latency (send -> durable ack): p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return sent === acked && status.analysed >= sent ? 0 : 1;
}

process.exitCode = await main();
