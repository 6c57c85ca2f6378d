// The backtracking guard: catastrophic patterns in every dialect return quickly on hostile
// 10 KB and 1 MB lines, results stay right, and the guard counts what it did.
import { test } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { MAX_SUBJECT_CHARS, compilePattern, regexGuardStats } from "./mod.ts";
import type { Dialect } from "./mod.ts";

/** A hostile line of `size` units made of `unit` repeated, flattened before timing. */
function line(unit: string, size: number): string {
  const s = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  s.charCodeAt(size - 1);
  return s;
}

/**
 * Median CPU time (ms) of five runs, after three warm-up runs on the same input: the first
 * runs JIT-compile the matcher, as the first lines of a real stream would. CPU time, not
 * wall time, so other processes on a shared machine do not count against the matcher.
 */
function medianMs(dialect: Dialect, pattern: string, input: string): number {
  const r = compilePattern(dialect, pattern, { captures: true });
  assert.ok(r.ok, pattern);
  for (let k = 0; k < 3; k++) r.matcher.exec(input);
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const c0 = process.cpuUsage();
    r.matcher.exec(input);
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  return times.sort((a, b) => a - b)[2] as number;
}

const HOSTILE: readonly [Dialect, string, string][] = [
  ["pcre2", "(a+)+$", "a".repeat(999) + "!"],
  ["pcre2", "(?i)(a+)+$", "a".repeat(999) + "!"],
  ["pcre2", "(\\w+\\s?)+$", "a".repeat(999) + "!"],
  ["pcre2", "^(a|aa)+$", "a".repeat(999) + "!"],
  ["pcre2", "(a+)+(?=c)", "a".repeat(999) + "!"],
  ["osregex", "a\\S+b", "a".repeat(999) + " b"],
  ["osregex", "(\\S+) (\\S+) (\\S+)x$", "aa ".repeat(333) + "!"],
  ["osregex", "a\\.*\\.*\\.*z", "a".repeat(999) + "\n"],
  ["osmatch", "aaaaaaaaaaaaaab|xyz|^foo|bar$", "a".repeat(999) + "!"],
  ["sregex", "!Aaaaaaaab", "a".repeat(999) + "!"],
];

/**
 * Guarded runs take milliseconds; an unguarded catastrophic run takes seconds to forever
 * (see the (a+)+$ test below). The bound sits between the two with room for slow machines:
 * how fast the matcher is belongs to `npm run bench -- regex`, not to this test.
 */
const GUARDED_MS = 50;

for (const [dialect, pattern, unit] of HOSTILE) {
  test(`guard: ${dialect} ${pattern} stays fast on hostile 10 KB and 1 MB lines`, () => {
    const small = medianMs(dialect, pattern, line(unit, 10_000));
    assert.ok(small < GUARDED_MS, `10 KB: ${small} ms`);
    // 1 MB lines are read up to MAX_SUBJECT_CHARS (PCRE2: PCRE2_MAX_SUBJECT_CHARS).
    const big = medianMs(dialect, pattern, line(unit, 1_000_000));
    assert.ok(big < GUARDED_MS, `1 MB: ${big} ms`);
  });
}

test("guard: the unguarded (a+)+$ would take seconds: the guard is what saves us", () => {
  const s = "a".repeat(26) + "!";
  const r = compilePattern("pcre2", "(a+)+$");
  assert.ok(r.ok);
  const t0 = performance.now();
  assert.equal(r.matcher.test(s), false);
  assert.ok(performance.now() - t0 < 50);
});

test("guard: results on hostile lines stay right", () => {
  const pcre = compilePattern("pcre2", "(a+)+$");
  assert.ok(pcre.ok && !pcre.matcher.test(line("a".repeat(999) + "!", 10_000)) && pcre.matcher.test("xaaa"));
  const os = compilePattern("osregex", "a\\S+b");
  assert.ok(os.ok && !os.matcher.test(line("a".repeat(999) + " b", 10_000)) && os.matcher.test("x a123b"));
});

test("guard: statistics count patterns, budget fallbacks and truncations", () => {
  const before = regexGuardStats();
  assert.ok(before.linearFallbackAvailable, "V8 linear fallback flags accepted");
  assert.ok(before.backtrackLimitAvailable, "V8 backtrack limit available");
  const os = compilePattern("osregex", "z\\S+y");
  assert.ok(os.ok);
  os.matcher.test(line("z".repeat(998) + " y", 10_000));
  os.matcher.test("x".repeat(MAX_SUBJECT_CHARS + 10));
  const after = regexGuardStats();
  assert.ok(after.osregexBudgetExhausted > before.osregexBudgetExhausted);
  assert.ok(after.truncatedInputs > before.truncatedInputs);
  const linear = compilePattern("pcre2", "(?i)^caseless (\\S+) stays linear$");
  assert.ok(linear.ok && regexGuardStats().linearFallbackPatterns > before.linearFallbackPatterns);
  const limited = compilePattern("pcre2", "q(?=r)zz");
  assert.ok(limited.ok);
  assert.ok(regexGuardStats().backtrackLimitedPatterns > before.backtrackLimitedPatterns);
  assert.equal(regexGuardStats().unguardedPatterns, 0);
});
