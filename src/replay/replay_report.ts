/**
 * The replay report (what `--json` prints, and what the text and HTML views render), built
 * from a simulation: alerts per rule; per response block the decisions, distinct addresses
 * and a timeline; every address that would have been blocked (first and last block, count,
 * total blocked time as the union of its block periods); likely false positives (addresses
 * that also logged in successfully, private or shared ranges); guard skips; breaker trips.
 * Must not: do I/O.
 */
import { BlockList, isIP } from "node:net";
import type { SimDecision, SimKind, SimulationResult } from "./replay_simulator.ts";
import type { BlockPeriod } from "./execd_model.ts";

export interface TimelineBucket {
  readonly at: number;
  readonly run: number;
  readonly suppressed: number;
}

export interface BlockSummary {
  readonly name: string;
  readonly executable: string;
  readonly timeoutSec: number;
  readonly dryRunBlock: boolean;
  /** Responses that would have been sent (execd then blocks, renews or runs a stateless one). */
  readonly responses: number;
  readonly newBlocks: number;
  readonly renewals: number;
  readonly dryRuns: number;
  readonly breakerDryRuns: number;
  readonly selfProtected: number;
  readonly whitelisted: number;
  readonly invalid: number;
  readonly distinctAddresses: number;
  readonly timeline: readonly TimelineBucket[];
}

export interface AddressSummary {
  readonly ip: string;
  readonly blocks: number;
  readonly responses: number;
  readonly firstBlock: number;
  readonly lastBlock: number;
  /** Union of its block periods (planned expiry included), ms. */
  readonly blockedMs: number;
  readonly names: readonly string[];
  /** Why this block may be a false positive (empty when none). */
  readonly suspicions: readonly string[];
}

export interface ReplayReport {
  readonly lines: number;
  readonly events: number;
  readonly alerts: number;
  readonly errors: number;
  readonly firstEventAt: number | null;
  readonly lastEventAt: number | null;
  readonly bucketMs: number;
  readonly rules: readonly { readonly id: string; readonly level: number; readonly description: string; readonly count: number }[];
  readonly blocks: readonly BlockSummary[];
  readonly addresses: readonly AddressSummary[];
  readonly falsePositives: readonly { readonly ip: string; readonly suspicions: readonly string[] }[];
  readonly guarded: readonly { readonly ip: string; readonly reason: string; readonly count: number }[];
  readonly breaker: readonly { readonly scope: string; readonly state: "open" | "closed"; readonly at: number; readonly limit: number; readonly suppressed: number; readonly cause?: string }[];
  /** Reading: the sources' formats, lines per second of wall time and of CPU time (this process). */
  readonly input?: {
    readonly files: readonly { readonly path: string; readonly format: string; readonly lines: number; readonly bad: number }[];
    readonly wallMs: number; readonly linesPerSecond: number; readonly cpuMs: number; readonly linesPerCpuSecond: number;
  };
}

const RANGE_TABLE: readonly [string, number, "ipv4" | "ipv6", string][] = [
  ["10.0.0.0", 8, "ipv4", "private range 10.0.0.0/8"], ["172.16.0.0", 12, "ipv4", "private range 172.16.0.0/12"],
  ["192.168.0.0", 16, "ipv4", "private range 192.168.0.0/16"], ["100.64.0.0", 10, "ipv4", "shared range 100.64.0.0/10 (CGNAT)"],
  ["169.254.0.0", 16, "ipv4", "link-local range 169.254.0.0/16"], ["fc00::", 7, "ipv6", "unique local range fc00::/7"],
  ["fe80::", 10, "ipv6", "link-local range fe80::/10"],
];

const RANGES = RANGE_TABLE.map(([net, prefix, family, label]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { list, family, label };
});

/** The private/shared range `ip` is in, if any. */
export function privateRangeOf(ip: string): string | undefined {
  const family = isIP(ip) === 4 ? "ipv4" : "ipv6";
  return RANGES.find((r) => r.family === family && r.list.check(ip, family))?.label;
}

const NICE_BUCKETS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000];

/** A bucket size giving at most ~60 buckets over `spanMs`. */
export function bucketSize(spanMs: number): number {
  return NICE_BUCKETS.find((b) => spanMs / b <= 60) ?? Math.ceil(spanMs / 60);
}

function timeline(decisions: readonly SimDecision[], start: number, end: number, bucketMs: number): TimelineBucket[] {
  const n = Math.max(1, Math.floor((end - start) / bucketMs) + 1);
  const run = new Array<number>(n).fill(0);
  const suppressed = new Array<number>(n).fill(0);
  for (const d of decisions) {
    const i = Math.min(n - 1, Math.max(0, Math.floor((d.at - start) / bucketMs)));
    if (d.kind === "run") run[i] = (run[i] ?? 0) + 1;
    else if (d.kind === "dry_run" || d.kind === "breaker") suppressed[i] = (suppressed[i] ?? 0) + 1;
  }
  return run.map((r, i) => ({ at: start + i * bucketMs, run: r, suppressed: suppressed[i] ?? 0 }));
}

function unionMs(periods: readonly BlockPeriod[]): number {
  const sorted = [...periods].sort((a, b) => a.startedAt - b.startedAt);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const p of sorted) {
    if (p.startedAt > to) {
      if (to > from) total += to - from;
      from = p.startedAt;
      to = p.expiresAt;
    } else if (p.expiresAt > to) to = p.expiresAt;
  }
  if (to > from) total += to - from;
  return total;
}

function blockSummaries(sim: SimulationResult, start: number, end: number, bucketMs: number): BlockSummary[] {
  const byName = new Map<string, SimDecision[]>();
  for (const d of sim.decisions) {
    const list = byName.get(d.name);
    if (list) list.push(d);
    else byName.set(d.name, [d]);
  }
  return sim.definitions.map((def) => {
    const ds = byName.get(def.name) ?? [];
    const count = (k: SimKind) => ds.reduce((n, d) => n + (d.kind === k ? 1 : 0), 0);
    const run = ds.filter((d) => d.kind === "run");
    return {
      name: def.name, executable: def.executable, timeoutSec: def.timeoutSec, dryRunBlock: def.dryRun,
      responses: run.length, newBlocks: run.filter((d) => d.block === "new").length, renewals: run.filter((d) => d.block === "renewed").length,
      dryRuns: count("dry_run"), breakerDryRuns: count("breaker"), selfProtected: count("self_protected"), whitelisted: count("whitelisted"), invalid: count("invalid"),
      distinctAddresses: new Set(run.map((d) => d.ip).filter((ip) => ip !== undefined)).size,
      timeline: timeline(ds, start, end, bucketMs),
    };
  });
}

function addressSummaries(sim: SimulationResult): AddressSummary[] {
  const periods = new Map<string, BlockPeriod[]>();
  for (const p of sim.periods) {
    if (isIP(p.target) === 0) continue;
    const list = periods.get(p.target);
    if (list) list.push(p);
    else periods.set(p.target, [p]);
  }
  const responses = new Map<string, number>();
  for (const d of sim.decisions) if (d.kind === "run" && d.ip) responses.set(d.ip, (responses.get(d.ip) ?? 0) + 1);
  const out: AddressSummary[] = [];
  for (const [ip, ps] of periods) {
    const suspicions: string[] = [];
    const logins = sim.authenticated.get(ip);
    if (logins) suspicions.push(`logged in successfully ${logins} time${logins === 1 ? "" : "s"}`);
    const range = privateRangeOf(ip);
    if (range) suspicions.push(range);
    out.push({
      ip, blocks: ps.length, responses: responses.get(ip) ?? 0,
      firstBlock: Math.min(...ps.map((p) => p.startedAt)), lastBlock: Math.max(...ps.map((p) => p.startedAt)),
      blockedMs: unionMs(ps), names: [...new Set(ps.map((p) => p.name))], suspicions,
    });
  }
  return out.sort((a, b) => b.blockedMs - a.blockedMs || a.firstBlock - b.firstBlock || (a.ip < b.ip ? -1 : 1));
}

function guardedOf(decisions: readonly SimDecision[]): ReplayReport["guarded"] {
  const m = new Map<string, { ip: string; reason: string; count: number }>();
  for (const d of decisions) {
    if (d.kind !== "self_protected" || !d.ip) continue;
    const g = m.get(d.ip);
    if (g) g.count++;
    else m.set(d.ip, { ip: d.ip, reason: d.reason ?? "", count: 1 });
  }
  return [...m.values()].sort((a, b) => b.count - a.count);
}

export function buildReport(sim: SimulationResult): ReplayReport {
  const start = sim.firstEventAt ?? 0;
  const end = sim.lastEventAt ?? start;
  const bucketMs = bucketSize(Math.max(1, end - start));
  const addresses = addressSummaries(sim);
  return {
    lines: sim.lines, events: sim.events, alerts: sim.alerts, errors: sim.errors,
    firstEventAt: sim.firstEventAt ?? null, lastEventAt: sim.lastEventAt ?? null, bucketMs,
    rules: [...sim.rules].sort((a, b) => b.count - a.count || Number(a.id) - Number(b.id)).map((r) => ({ ...r })),
    blocks: blockSummaries(sim, start, end, bucketMs),
    addresses,
    falsePositives: addresses.filter((a) => a.suspicions.length > 0).map((a) => ({ ip: a.ip, suspicions: a.suspicions })),
    guarded: guardedOf(sim.decisions),
    breaker: sim.breakerChanges.map((c) => ({ scope: c.scope === "*" ? "all" : c.scope, state: c.state, at: c.at, limit: c.limit, suppressed: c.suppressed, ...(c.cause ? { cause: c.cause } : {}) })),
  };
}
