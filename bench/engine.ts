// `npm run bench -- engine`: a deterministic 1,000,000-line sshd auth.log (bench/out/) through
// the full Wazuh 4.14.7 ruleset (../shared, harness settings), alerts serialised with
// JSON.stringify. Reports events per CPU-second (process.cpuUsage), peak RSS, alerts per
// rule, the two-core gain (two worker_threads, half the file each), and the same file
// through fail2ban-regex with its sshd filter (Debian package fail2ban; not needed in CI,
// the bench says so when it is missing). Targets: >= 60,000 events/CPU-s, RSS < 300 MB.
// Options: --lines N (default 1000000).
import { closeSync, existsSync, mkdirSync, openSync, readSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { DiagnosticBag, ManualClock, type RawEvent } from "../src/core/mod.ts";
import { createEngine, loadRuleset, rulesetSourceOfDir, type Ruleset } from "../src/ruleset/mod.ts";
import { writeAuthLog } from "./_authlog.ts";

const SHARED = resolve(import.meta.dirname, "..", "..", "shared", "wazuh-ruleset-4.14.7");

function load(): Ruleset {
  const bag = new DiagnosticBag();
  const source = rulesetSourceOfDir(SHARED, bag);
  if (!source) throw new Error(bag.list.map((d) => d.message).join("\n"));
  return loadRuleset(source);
}

interface RunResult {
  events: number;
  alerts: number;
  bytes: number;
  cpuMs: number;
  wallMs: number;
  perRule: Record<string, number>;
}

function analyzeLines(ruleset: Ruleset, lines: Iterable<string>, threadCpu: boolean): RunResult {
  const clock = new ManualClock(Date.UTC(2026, 2, 1));
  const engine = createEngine(ruleset, { clock, managerName: "bench", timeSource: "event" });
  const perRule: Record<string, number> = {};
  let alerts = 0;
  let bytes = 0;
  let events = 0;
  const cpu0 = threadCpu ? process.threadCpuUsage() : process.cpuUsage();
  const wall0 = performance.now();
  for (const log of lines) {
    events++;
    const raw: RawEvent = { agentId: "000", agentName: "bench", location: "/var/log/auth.log", log, queue: "1", receivedAt: clock.now() };
    const r = engine.analyze(raw);
    if (r.alert) {
      alerts++;
      bytes += JSON.stringify(r.alert).length;
      perRule[r.alert.rule.id] = (perRule[r.alert.rule.id] ?? 0) + 1;
    }
  }
  const cpu = threadCpu ? process.threadCpuUsage(cpu0) : process.cpuUsage(cpu0);
  return { events, alerts, bytes, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wall0, perRule };
}

/** Streams the lines of a file (64 KiB reads), so the input is never held in memory. */
function* linesOf(file: string, from = 0, to = Infinity): Generator<string> {
  const fd = openSync(file, "r");
  const buf = Buffer.alloc(1 << 16);
  let rest = "";
  let index = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      const text = rest + buf.toString("latin1", 0, n);
      const parts = n === 0 ? [text] : text.split("\n");
      rest = n === 0 ? "" : (parts.pop() ?? "");
      for (const line of parts) {
        if (line === "") continue;
        if (index >= from && index < to) yield line;
        if (++index >= to) return;
      }
      if (n === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}

function countLines(file: string): number {
  let n = 0;
  for (const _ of linesOf(file)) n++;
  return n;
}

function runWorkers(file: string, parts: number): Promise<{ wallMs: number; results: RunResult[] }> {
  const start = performance.now();
  const jobs = Array.from({ length: parts }, (_, i) =>
    new Promise<RunResult>((ok, fail) => {
      const w = new Worker(new URL(import.meta.url), { workerData: { file, part: i, parts } });
      w.once("message", ok);
      w.once("error", fail);
    }));
  return Promise.all(jobs).then((results) => ({ wallMs: performance.now() - start, results }));
}

function fail2ban(file: string, lines: number, ours: number): void {
  const which = spawnSync("sh", ["-c", "command -v fail2ban-regex"], { encoding: "utf8" });
  if (which.status !== 0) {
    console.log("fail2ban-regex: not installed (apt-get install -y fail2ban) — comparison skipped");
    return;
  }
  const r = spawnSync("sh", ["-c", `/usr/bin/time -f '%U %S' fail2ban-regex --print-no-missed ${file} sshd > /dev/null`], { encoding: "utf8", maxBuffer: 1 << 26 });
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (!m) {
    console.log(`fail2ban-regex: could not measure (${r.stderr.trim().split("\n").pop() ?? ""})`);
    return;
  }
  const cpu = Number(m[1]) + Number(m[2]);
  const rate = lines / cpu;
  console.log(`fail2ban-regex (sshd filter): ${Math.round(rate).toLocaleString("en")} lines/CPU-s (${cpu.toFixed(1)} CPU-s)`);
  console.log(`ratio riposte / fail2ban-regex: ${(ours / rate).toFixed(1)}x`);
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--lines");
  const count = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
  const out = join(import.meta.dirname, "out");
  mkdirSync(out, { recursive: true });
  const file = join(out, `auth-${count}.log`);
  if (!existsSync(file)) writeAuthLog(file, count);
  const total = countLines(file);
  const ruleset = load();
  console.log(`ruleset: ${ruleset.rules.nodes.length} rules, ${ruleset.files.decoders.length} decoder files; input ${total.toLocaleString("en")} lines (${file}, streamed)`);
  const r = analyzeLines(ruleset, linesOf(file), false);
  const rate = r.events / (r.cpuMs / 1000);
  console.log(`one core: ${Math.round(rate).toLocaleString("en")} events/CPU-s (${(r.cpuMs / 1000).toFixed(2)} CPU-s, ${(r.wallMs / 1000).toFixed(2)} s wall), target >= 60,000`);
  console.log(`alerts: ${r.alerts.toLocaleString("en")} (${(r.bytes / 1e6).toFixed(1)} MB of JSON)`);
  const top = Object.entries(r.perRule).sort((a, b) => b[1] - a[1]);
  for (const [id, n] of top) console.log(`  rule ${id.padStart(6)}: ${n.toLocaleString("en")}`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target < 300 MB)`);
  const one = await runWorkers(file, 1);
  const two = await runWorkers(file, 2);
  const perWorker = two.results.map((x) => Math.round(x.events / (x.cpuMs / 1000)).toLocaleString("en")).join(", ");
  const oneMs = Math.max(...one.results.map((x) => x.wallMs));
  const twoMs = Math.max(...two.results.map((x) => x.wallMs));
  console.log(`two cores: ${(oneMs / twoMs).toFixed(2)}x the throughput of one worker (analysis wall ${(oneMs / 1000).toFixed(2)} s vs ${(twoMs / 1000).toFixed(2)} s; per worker ${perWorker} events/CPU-s; ruleset load excluded)`);
  const busy = [...one.results, ...two.results].map((x) => `${Math.round((100 * x.cpuMs) / x.wallMs)}%`).join(", ");
  console.log(`  CPU time / wall time of the workers (1 then 2): ${busy} (below 100% = the machine's cores were busy elsewhere; loadavg ${loadavg().map((l) => l.toFixed(1)).join(" ")})`);
  fail2ban(file, total, rate);
}

if (isMainThread) await main();
else {
  const { file, part, parts } = workerData as { file: string; part: number; parts: number };
  const size = Math.ceil(countLines(file) / parts);
  const result = analyzeLines(load(), linesOf(file, part * size, (part + 1) * size), true);
  parentPort?.postMessage(result);
}
