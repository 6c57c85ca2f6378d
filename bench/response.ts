// `npm run bench -- response`: alert-to-script-start latency and responses per second with a
// trivial script (sh: read the JSON line, answer check_keys with its pid, read the answer).
// Manager side: the responder (binding, whitelist, routing, SQLite queue and history). Agent
// side: the execd (security control, lanes, SQLite timeouts, active-responses.log, spawn).
//   1. "one agent": the execd in a process of its own, as `riposte agent` runs it, fed over
//      IPC by the responder in this process (the agent's TLS channel replaced by IPC). For
//      its burst, the manager's commands are produced first and handed over at once: in a
//      fleet the manager runs on its own host, and this machine has only 2 cores;
//   2. the whole chain in one process (no hop at all);
//   3. the chain with an in-process action instead of a script: the pipeline's own cost.
// Latency: alert handed to the responder → the script's process spawned. Phases: one alert
// at a time, then PACED_RATE alerts/s for 3 s, then a burst of BURST alerts at once.
// Targets (issue 5): p99 < 20 ms and >= 1,000 responses/s on one agent.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock, type Alert } from "../src/core/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { responseStarter, type ResponseAction } from "../src/response/mod.ts";
import { createResponder, type AgentInfo } from "../src/manager/dispatch/mod.ts";
import { absoluteNow, definitions, installTrivialScript, timedExecd } from "./_response_setup.ts";

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 500);
const BURST = Number(process.env.BENCH_BURST ?? 3000);
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 100);

const home = mkdtempSync(join(tmpdir(), "riposte-bench-ar-"));
installTrivialScript(home);
const agents: AgentInfo[] = [{ id: "001", name: "bench", status: "active", addresses: ["198.51.100.1"], groups: [] }];

/** Where the responder's commands go, and how to learn when they ran. */
interface AgentSide {
  deliver(message: string): void;
  /** Resolves once nothing runs; with the start times when asked. */
  settled(times: boolean): Promise<{ active: number; startedAt?: Map<string, number> }>;
  close(): void;
}

function sameProcess(label: string, make?: (path: string) => ResponseAction): AgentSide {
  const { execd, startedAt } = timedExecd(home, join(home, label), make);
  const ready = execd.start();
  return {
    deliver: (message) => void ready.then(() => execd.execute(message)),
    settled: async (times) => {
      await ready;
      await execd.settled();
      return { active: execd.active().length, ...(times ? { startedAt } : {}) };
    },
    close: () => undefined,
  };
}

function agentProcess(label: string): AgentSide {
  const child = fork(join(import.meta.dirname, "_response_agent.ts"), [home, join(home, label)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting = new Map<number, (r: { active: number; startedAt?: [string, number][] }) => void>();
  const ready = new Promise<void>((resolve) => child.on("message", (m: { ready?: boolean; settled?: number; active: number; startedAt?: [string, number][] }) => {
    if (m.ready) resolve();
    else if (m.settled !== undefined) waiting.get(m.settled)?.(m);
  }));
  let n = 0;
  return {
    deliver: (message) => void ready.then(() => child.send({ execute: message })),
    settled: async (times) => {
      await ready;
      const id = ++n;
      const r = await new Promise<{ active: number; startedAt?: [string, number][] }>((resolve) => {
        waiting.set(id, resolve);
        child.send({ settled: id, times });
      });
      waiting.delete(id);
      return { active: r.active, ...(r.startedAt ? { startedAt: new Map(r.startedAt) } : {}) };
    },
    close: () => child.disconnect(),
  };
}

function alert(n: number): Alert {
  const ip = `203.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
  return {
    timestamp: "2026-01-01T00:00:00.000+0000", id: `1767225600.${n}`,
    rule: { level: 10, description: "sshd brute force", id: "5763", firedtimes: 1, mail: false, groups: ["syslog", "sshd"] },
    agent: { id: "001", name: "bench" }, manager: { name: "m" }, location: "/var/log/auth.log",
    full_log: `Failed password for invalid user admin from ${ip} port 22 ssh2`, data: { srcip: ip, srcuser: "admin" },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Figures { seq: number[]; paced: number[]; burst: number[]; rate: number; elapsed: number; active: number }

/**
 * With `holdBurst`, the manager's commands for the burst are produced first and then handed
 * to the agent at once (in a fleet the manager runs on its own host): the rate and the burst
 * latencies are the agent's alone, counted from the hand-over.
 */
async function measure(label: string, agent: AgentSide, burstSize: number, holdBurst = false): Promise<Figures> {
  const sent = new Map<string, number>();
  let held: string[] | undefined;
  const responder = createResponder({
    config: { definitions, whitelist: ["10.0.0.0/8"], managerAddresses: ["192.0.2.1"] },
    clock: systemClock, store: openDatabase(join(home, `${label}-manager.db`)),
    agents: { get: (id) => agents.find((a) => a.id === id), list: () => agents },
    deliver: (_agent, command) => {
      if (held) held.push(command.message);
      else agent.deliver(command.message);
      return Promise.resolve(true);
    },
  });
  const fire = (n: number) => {
    const a = alert(n);
    sent.set(a.id, absoluteNow());
    responder.onAlert(a);
  };
  for (let n = 0; n < 50 + SEQUENTIAL; n++) {
    fire(n);
    await responder.idle();
    await agent.settled(false);
  }
  const pacedFrom = 50 + SEQUENTIAL;
  const pacedCount = PACED_RATE * 3;
  for (let n = pacedFrom; n < pacedFrom + pacedCount; n++) {
    fire(n);
    await new Promise((r) => setTimeout(r, 1000 / PACED_RATE));
  }
  await responder.idle();
  await agent.settled(false);
  const from = pacedFrom + pacedCount;
  if (holdBurst) held = [];
  let t0 = performance.now();
  for (let n = from; n < from + burstSize; n++) fire(n);
  await responder.idle();
  if (held) {
    const handOver = absoluteNow();
    for (let n = from; n < from + burstSize; n++) sent.set(`1767225600.${n}`, handOver);
    t0 = performance.now();
    for (const m of held) agent.deliver(m);
    held = undefined;
  }
  const end = await agent.settled(true);
  const elapsed = (performance.now() - t0) / 1000;
  const latencies = (a: number, b: number) => {
    const out: number[] = [];
    for (let n = a; n < b; n++) {
      const s = sent.get(`1767225600.${n}`);
      const t = end.startedAt?.get(`1767225600.${n}`);
      if (s !== undefined && t !== undefined) out.push(t - s);
    }
    return out.sort((x, y) => x - y);
  };
  agent.close();
  return { seq: latencies(50, pacedFrom), paced: latencies(pacedFrom, from), burst: latencies(from, from + burstSize), rate: burstSize / elapsed, elapsed, active: end.active };
}

const fmt = (x: number) => x.toFixed(2);
const report = (label: string, f: Figures) => {
  process.stdout.write(`${label}:\n  alert→start one at a time (${f.seq.length}): p50 ${fmt(percentile(f.seq, 50))} ms, p99 ${fmt(percentile(f.seq, 99))} ms\n`
    + `  alert→start at ${PACED_RATE} alerts/s (${f.paced.length}): p50 ${fmt(percentile(f.paced, 50))} ms, p99 ${fmt(percentile(f.paced, 99))} ms\n`
    + `  burst of ${f.burst.length}: ${fmt(f.rate)} responses/s (${fmt(f.elapsed)} s), alert→start p99 ${fmt(percentile(f.burst, 99))} ms; active ${f.active}\n`);
};
process.stdout.write(`cpus ${cpus().length}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}; execd concurrency ${process.env.BENCH_CONCURRENCY ?? 32}; scripts start through ${responseStarter().kind}\n`);
const agent = await measure("agent", agentProcess("agent"), BURST, true);
report("one agent (execd in its own process; burst: the manager's commands handed over at once), sh script", agent);
report("whole chain in one process, sh script", await measure("chain", sameProcess("chain"), BURST));
const inProcess = (): ResponseAction => {
  let keys = 0;
  return {
    name: "trivial",
    add: async (_m, ctx) => {
      ctx.onStart?.();
      const d = await ctx.decide({ kind: "keys", keys: [String(++keys)] });
      return { outcome: d === "abort" ? "aborted" : "done", exitCode: 0, durationMs: 0, handshake: "keys" };
    },
    delete: () => Promise.resolve({ outcome: "done", exitCode: 0, durationMs: 0, handshake: "not-applicable" }),
  };
};
const shared = inProcess();
report("chain with an in-process action (pipeline only)", await measure("inprocess", sameProcess("inprocess", () => shared), BURST * 3));
const ok = percentile(agent.seq, 99) < 20 && percentile(agent.paced, 99) < 20 && agent.rate >= 1000;
process.stdout.write(`targets on one agent (p99 < 20 ms, >= 1000 responses/s): ${ok ? "met" : "NOT met"}\n`);
rmSync(home, { recursive: true, force: true });
