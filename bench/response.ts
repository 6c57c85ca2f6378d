// `npm run bench -- response`: alert-to-script-start latency and responses per second on one
// execd with a trivial script (sh: read the JSON line, answer check_keys with its pid,
// read continue). The whole chain runs in one process: responder (binding, whitelist,
// routing, SQLite queue and history) → delivery → execd (security control, lanes, SQLite
// timeouts, spawn). Latency: alert handed to the responder → the script's process spawned.
// Targets (issue 5): p99 < 20 ms, ≥ 1,000 responses/s.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { silentLogger, systemClock, type Alert } from "../src/core/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { ExecutableAction, generateArConf, parseArConf, resolveResponses, type ResponseAction } from "../src/response/mod.ts";
import { createExecd } from "../src/agent/execd/mod.ts";
import { createResponder, type AgentInfo } from "../src/manager/dispatch/mod.ts";

const SCRIPT = `#!/bin/sh
read -r line
echo '{"version":1,"origin":{"name":"t","module":"active-response"},"command":"check_keys","parameters":{"keys":["'$$'"]}}'
read -r reply
`;
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 500);
const BURST = Number(process.env.BENCH_BURST ?? 3000);
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 100);

const home = mkdtempSync(join(tmpdir(), "riposte-bench-ar-"));
mkdirSync(join(home, "active-response", "bin"), { recursive: true });
writeFileSync(join(home, "active-response", "bin", "trivial"), SCRIPT);
chmodSync(join(home, "active-response", "bin", "trivial"), 0o755);

const { definitions } = resolveResponses([
  { kind: "command", spec: { name: "trivial", executable: "trivial", timeoutAllowed: true } },
  { kind: "response", spec: { command: "trivial", location: "local", rulesId: ["5763"], timeout: 600 } },
]);
const agents: AgentInfo[] = [{ id: "001", name: "bench", status: "active", addresses: ["198.51.100.1"], groups: [] }];

/** An in-process action answering check_keys at once: the pipeline's cost without a process. */
let inProcessKeys = 0;
function inProcess(): ResponseAction {
  return {
    name: "trivial",
    add: async (_m, ctx) => {
      ctx.onStart?.();
      const d = await ctx.decide({ kind: "keys", keys: [String(++inProcessKeys)] });
      return { outcome: d === "abort" ? "aborted" : "done", exitCode: 0, durationMs: 0, handshake: "keys" };
    },
    delete: () => Promise.resolve({ outcome: "done", exitCode: 0, durationMs: 0, handshake: "not-applicable" }),
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

async function measure(label: string, make: (path: string) => ResponseAction, sequential: number, burstSize: number): Promise<Figures> {
  const dir = join(home, label);
  const startedAt = new Map<string, number>();
  const sent = new Map<string, number>();
  const timed = (action: ResponseAction): ResponseAction => ({
    name: action.name,
    add: (m, ctx) => action.add(m, { ...ctx, onStart: () => startedAt.set(String((m.parameters.alert as { id?: string }).id), performance.now()) }),
    delete: (m, ctx) => action.delete(m, ctx),
  });
  const execd = createExecd({
    home, clock: systemClock, logger: silentLogger, db: openDatabase(join(dir, "execd.db")), arLog: true,
    allowlist: parseArConf(generateArConf(definitions)).allowlist, maxConcurrent: Number(process.env.BENCH_CONCURRENCY ?? 32),
    actionFor: (c) => timed(make(c.path)),
  });
  await execd.start();
  const responder = createResponder({
    config: { definitions, whitelist: ["10.0.0.0/8"], managerAddresses: ["192.0.2.1"] },
    clock: systemClock, store: openDatabase(join(dir, "manager.db")),
    agents: { get: (id) => agents.find((a) => a.id === id), list: () => agents },
    deliver: (_agent, command) => {
      void execd.execute(command.message, { commandId: command.id });
      return Promise.resolve(true);
    },
  });
  const fire = (n: number) => {
    const a = alert(n);
    sent.set(a.id, performance.now());
    responder.onAlert(a);
  };
  const latencies = (from: number, to: number) => {
    const out: number[] = [];
    for (let n = from; n < to; n++) {
      const s = sent.get(`1767225600.${n}`);
      const t = startedAt.get(`1767225600.${n}`);
      if (s !== undefined && t !== undefined) out.push(t - s);
    }
    return out.sort((a, b) => a - b);
  };
  for (let n = 0; n < 50 + sequential; n++) {
    fire(n);
    await responder.idle();
    await execd.settled();
  }
  // Paced: PACED_RATE alerts per second for 3 s, latency under a steady load.
  const pacedFrom = 50 + sequential;
  const pacedCount = PACED_RATE * 3;
  for (let n = pacedFrom; n < pacedFrom + pacedCount; n++) {
    fire(n);
    await new Promise((r) => setTimeout(r, 1000 / PACED_RATE));
  }
  await responder.idle();
  await execd.settled();
  const from = pacedFrom + pacedCount;
  const t0 = performance.now();
  const elu0 = performance.eventLoopUtilization(); const cpu0 = process.cpuUsage();
  for (let n = from; n < from + burstSize; n++) fire(n);
  await responder.idle();
  await execd.settled();
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`ELU ${performance.eventLoopUtilization(elu0).utilization.toFixed(2)} cpu(all threads) ${((cpu.user + cpu.system) / 1000 / elapsed / 10).toFixed(0)}%\n`);
  return {
    seq: latencies(50, pacedFrom), paced: latencies(pacedFrom, from), burst: latencies(from, from + burstSize),
    rate: burstSize / elapsed, elapsed, active: execd.active().length,
  };
}

const fmt = (x: number) => x.toFixed(2);
const report = (label: string, f: Figures) => {
  process.stdout.write(`${label}:\n  alert→start one at a time (${f.seq.length}): p50 ${fmt(percentile(f.seq, 50))} ms, p99 ${fmt(percentile(f.seq, 99))} ms\n`
    + `  alert→start at ${PACED_RATE} alerts/s (${f.paced.length}): p50 ${fmt(percentile(f.paced, 50))} ms, p99 ${fmt(percentile(f.paced, 99))} ms\n`
    + `  burst of ${f.burst.length}: ${fmt(f.rate)} responses/s (${fmt(f.elapsed)} s), alert→start p99 ${fmt(percentile(f.burst, 99))} ms; active ${f.active}\n`);
};
process.stdout.write(`cpus ${cpus().length}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}; execd concurrency ${process.env.BENCH_CONCURRENCY ?? 32}\n`);
const script = await measure("script", (path) => new ExecutableAction({ path, cwd: home, clock: systemClock }), SEQUENTIAL, BURST);
report("sh script (spawned)", script);
const pipeline = process.env.BENCH_SCRIPT_ONLY ? script : await measure("inprocess", () => inProcess(), SEQUENTIAL, BURST * 3);
report("in-process action (pipeline only)", pipeline);
const ok = percentile(script.seq, 99) < 20 && script.rate >= 1000;
process.stdout.write(`targets with the script (p99 < 20 ms, >= 1000/s): ${ok ? "met" : "NOT met"}\n`);
rmSync(home, { recursive: true, force: true });
