// Hostile input through the whole Wazuh 4.14.7 ruleset (../shared, harness settings): random,
// mutated, 1 MB and invalid-UTF-8 lines. The engine must never throw nor report an internal
// error, and no line may stall it: more than 50 ms of CPU (thread CPU time, so other jobs on
// the machine do not count). A line over budget is timed twice more and judged on its best
// time, so a GC pause is not mistaken for a slow input. The worst hostile line takes about
// 5–12 ms depending on the machine; a runaway pattern would take seconds. How fast the
// engine is per line belongs to `npm run bench -- engine`, not to this test.
// Seeded PRNG: the same lines on every run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DiagnosticBag, ManualClock, type RawEvent } from "../src/core/mod.ts";
import { createEngine, loadRuleset, parseCorpus, rulesetSourceOfDir } from "../src/ruleset/mod.ts";
import { decodeEvent } from "../src/ruleset/decoders/mod.ts";
import { MAX_EVENT_CHARS } from "../src/ruleset/engine.ts";
import { seededRandom as mulberry32 } from "./harness/seeded_random.ts";

const shared = resolve(import.meta.dirname, "..", "..", "shared", "wazuh-ruleset-4.14.7");
const BUDGET_MS = 50;

/** CPU time of this thread: what a line costs, not how busy the machine's other cores are. */
function cpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

const ALPHABET = " \t:;,.=[](){}<>\"'\\/|$^*+?-_@#%&!~`0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u00e4\u00e9\u4e2d\ud83d\ude00";

function lines(seed: number, samples: readonly string[]): string[] {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const randomText = (n: number) => Array.from({ length: n }, () => ALPHABET[int(ALPHABET.length)]).join("");
  const mutate = (s: string) => {
    const chars = [...s];
    for (let k = 0, n = 1 + int(8); k < n && chars.length > 0; k++) {
      const at = int(chars.length);
      const op = int(4);
      if (op === 0) chars.splice(at, 1);
      else if (op === 1) chars.splice(at, 0, randomText(1 + int(6)));
      else if (op === 2) chars[at] = ALPHABET[int(ALPHABET.length)] ?? "x";
      else chars.splice(at, 0, ...chars.slice(at, at + int(40)));
    }
    return chars.join("");
  };
  const invalidUtf8 = () => Buffer.from(Array.from({ length: 20 + int(200) }, () => int(256))).toString("utf8");
  const loneSurrogates = (s: string) => s.replace(/o/g, "\ud800").replace(/e/g, "\udfff");
  const out: string[] = [];
  for (let i = 0; i < 2500; i++) {
    const sample = samples[int(samples.length)] ?? "";
    const kind = i % 5;
    if (kind === 0) out.push(randomText(int(300)));
    else if (kind === 1 || kind === 2) out.push(mutate(sample));
    else if (kind === 3) out.push(invalidUtf8());
    else out.push(loneSurrogates(sample));
  }
  const big = samples.find((s) => s.startsWith("{")) ?? "{}";
  out.push(`${samples[0] ?? ""} ${"A".repeat(1 << 20)}`);
  out.push(`${big.slice(0, -1)}, "pad": "${"\\\\x".repeat(1 << 18)}"}`);
  out.push("Dec 10 01:02:03 host sshd[1]: " + "Failed password for ".repeat(50_000));
  out.push(randomText(1 << 20));
  out.push("{".repeat(100_000));
  out.push("[".repeat(50_000) + "]".repeat(50_000));
  return out;
}

interface FuzzRun {
  readonly lines: number;
  readonly failures: readonly string[];
  readonly slow: readonly string[];
  readonly errors: number;
}

/** Runs every hostile line once (slow ones twice more); the two tests below judge the run. */
function fuzz(): FuzzRun {
  const bag = new DiagnosticBag();
  const source = rulesetSourceOfDir(shared, bag);
  assert.ok(source);
  const ruleset = loadRuleset(source);
  const { cases } = parseCorpus(readFileSync(join(shared, "tests.jsonl"), "utf8"));
  const samples = cases.flatMap((c) => c.runs.flatMap((r) => r.events));
  const clock = new ManualClock();
  const engine = createEngine(ruleset, { clock, managerName: "fuzz" });
  const raw = (log: string): RawEvent => ({ agentId: "000", agentName: "fuzz", location: "stdin", log, queue: "1", receivedAt: clock.now() });
  for (const s of samples) engine.analyze(raw(s)); // warm-up: compile lazily built matchers
  const failures: string[] = [];
  const slow: string[] = [];
  const all = lines(20261129, samples);
  for (const line of all) {
    const time = () => {
      const t0 = cpuMs();
      try {
        const r = engine.analyze(raw(line));
        if (r.error !== undefined) failures.push(`internal error ${r.error} on ${JSON.stringify(line.slice(0, 120))}`);
      } catch (error: unknown) {
        failures.push(`threw ${String(error)} on ${JSON.stringify(line.slice(0, 120))}`);
      }
      return cpuMs() - t0;
    };
    let ms = time();
    if (ms > BUDGET_MS) ms = Math.min(ms, time(), time());
    if (ms > BUDGET_MS) {
      // Attribution: how much of it is pre-decoding and decoding alone.
      const t0 = cpuMs();
      decodeEvent(ruleset.decoders, raw(line.slice(0, MAX_EVENT_CHARS)), { managerName: "fuzz" });
      const decodeMs = cpuMs() - t0;
      slow.push(`${ms.toFixed(1)} ms (decoding ${decodeMs.toFixed(1)} ms): ${JSON.stringify(line.slice(0, 120))} (${line.length} chars)`);
    }
    clock.advance(1);
  }
  return { lines: all.length, failures, slow, errors: engine.stats.errors };
}

const run = fuzz();

test("fuzz: hostile lines never make the engine throw or report an internal error", () => {
  assert.ok(run.lines > 2500);
  assert.deepEqual(run.failures, []);
  assert.equal(run.errors, 0);
});

test("fuzz: no hostile line stalls the engine (over 50 ms of CPU)", () => {
  assert.deepEqual(run.slow, []);
});
