// `npm run bench -- scale`: block 100,000 distinct addresses (half IPv4, half IPv6) through
// the nftables backend in batches, and check that the per-packet cost through the victim's
// firewall does not change: TCP connections per second and a ping flood from the attacker
// namespace, before any block, with 100,000 addresses in the nftables sets, and with the
// iptables backend holding 10,000 rules (a linear chain) for comparison. None of the blocked
// addresses is the attacker's, so every packet is checked against the whole block list.
// Target (issue 6): ≥ 10,000 addresses/s; per-packet cost unchanged with nftables.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import { createFirewall, type BlockEntry } from "../src/response/mod.ts";
import { INSIDE, runInsideNamespaces } from "./_netns.ts";

if (!INSIDE) runInsideNamespaces(import.meta.filename);

const ATTACKER = process.argv[process.argv.indexOf("--inside") + 1] ?? "";
const VICTIM = "10.77.0.1";
const COUNT = Number(process.env.BENCH_ADDRESSES ?? 100_000);
const IPTABLES_RULES = Number(process.env.BENCH_IPTABLES_RULES ?? 10_000);
const PROBE_SECONDS = Number(process.env.BENCH_PROBE_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = 8023;

const v4 = (n: number) => `100.${64 + ((n >> 16) & 63)}.${(n >> 8) & 255}.${n & 255}`;
const v6 = (n: number) => `2001:db8:${(n >> 16).toString(16)}:${(n & 0xffff).toString(16)}::1`;

function inAttacker(argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn("ip", ["netns", "exec", ATTACKER, ...argv], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    c.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    c.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${argv[0]} exited ${code}`))));
  });
}

const CONNECT_LOOP = `const net = require("net"); const end = Date.now() + ${PROBE_SECONDS * 1000}; let n = 0;
const one = () => { if (Date.now() > end) { console.log(n); return; } const c = net.connect(${PORT}, "${VICTIM}", () => { n++; c.resetAndDestroy(); one(); }); c.on("error", () => one()); };
for (let i = 0; i < 4; i++) one();`;

interface Probe { readonly connPerSec: number; readonly pingAvgMs: number; readonly pingPerSec: number; readonly pingLoss: string }

/** Best of ROUNDS probes: other load on the machine only ever makes a probe slower. */
async function probe(): Promise<Probe> {
  let best: Probe | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const p = await probeOnce();
    best = best === undefined ? p : {
      connPerSec: Math.max(best.connPerSec, p.connPerSec), pingAvgMs: Math.min(best.pingAvgMs, p.pingAvgMs),
      pingPerSec: Math.max(best.pingPerSec, p.pingPerSec), pingLoss: p.pingLoss,
    };
  }
  return best as Probe;
}

async function probeOnce(): Promise<Probe> {
  const conns = Number((await inAttacker([process.execPath, "-e", CONNECT_LOOP])).trim().split("\n").map(Number).reduce((a, b) => a + b, 0));
  const ping = await inAttacker(["ping", "-f", "-q", "-c", "20000", VICTIM]);
  const rtt = /= [\d.]+\/([\d.]+)\//.exec(ping)?.[1]; // min/avg/max: the average
  const loss = /(\d+(?:\.\d+)?% packet loss)/.exec(ping)?.[1] ?? "?";
  const ms = Number(/time (\d+)ms/.exec(ping)?.[1]);
  return { connPerSec: conns / PROBE_SECONDS, pingAvgMs: Number(rtt), pingPerSec: 20000 / (ms / 1000), pingLoss: loss };
}

const show = (label: string, p: Probe) =>
  process.stdout.write(`${label.padEnd(30)} ${p.connPerSec.toFixed(0).padStart(6)} TCP connections/s  ping flood ${p.pingPerSec.toFixed(0).padStart(6)} echoes/s, avg rtt ${(p.pingAvgMs * 1000).toFixed(0)} µs (${p.pingLoss})\n`);

const server = createServer((c) => c.on("error", () => undefined).end()).listen(PORT, "0.0.0.0");
await new Promise((r) => server.once("listening", r));
process.stdout.write(`best of ${ROUNDS} probes of ${PROBE_SECONDS} s each; cpus ${cpus().length}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}; ${COUNT} addresses, iptables comparison with ${IPTABLES_RULES} rules\n`);

const base = await probe();
show("no firewall", base);

const nft = createFirewall();
await nft.block([{ target: "198.51.100.1", timeoutSec: 3600 }]); // table and chains exist before timing
const entries: BlockEntry[] = Array.from({ length: COUNT }, (_, i) => ({ target: i % 2 === 0 ? v4(i >> 1) : v6(i >> 1), timeoutSec: 3600 }));
const t0 = performance.now();
await nft.block(entries);
const seconds = (performance.now() - t0) / 1000;
const listed = (await nft.list()).length;
process.stdout.write(`nftables: blocked ${COUNT} addresses in ${seconds.toFixed(2)} s = ${(COUNT / seconds).toFixed(0)} addresses/s (kernel sets hold ${listed})\n`);
const withNft = await probe();
show(`nftables, ${listed} blocked`, withNft);
await nft.teardown();

const ipt = createFirewall({ backend: "iptables" });
const t1 = performance.now();
await ipt.block(Array.from({ length: IPTABLES_RULES }, (_, i) => ({ target: v4(i) })));
const iptSeconds = (performance.now() - t1) / 1000;
process.stdout.write(`iptables: ${IPTABLES_RULES} rules added in ${iptSeconds.toFixed(2)} s (iptables-restore batches)\n`);
const withIpt = await probe();
show(`iptables, ${IPTABLES_RULES} rules`, withIpt);
await ipt.teardown();
const after = await probe();
show("no firewall again", after);
server.close();

const pct = (a: number, b: number) => `${a >= b ? "+" : ""}${(((a - b) / b) * 100).toFixed(1)}%`;
const change = (p: Probe) => `${pct(p.connPerSec, base.connPerSec)} connections/s, ${pct(p.pingPerSec, base.pingPerSec)} echoes/s, rtt ${(p.pingAvgMs * 1000).toFixed(0)} µs vs ${(base.pingAvgMs * 1000).toFixed(0)} µs`;
process.stdout.write(`vs no firewall: nftables ${change(withNft)}; iptables ${change(withIpt)}\n`);
process.stdout.write(`target (>= 10,000 addresses/s): ${COUNT / seconds >= 10_000 ? "met" : "NOT met"}\n`);
