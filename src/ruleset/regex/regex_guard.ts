/**
 * The guard against catastrophic backtracking (docs/regex.md). Log lines are hostile: no
 * RegExp built from a rule may let one line stall the engine.
 *
 * - Every RegExp goes through guardedRegExp(). Patterns V8's linear-time engine can run are
 *   plain RegExps protected by V8's "fallback on excessive backtracks" (a run that
 *   backtracks more than BACKTRACKS_BEFORE_FALLBACK times restarts on the linear engine,
 *   with the same result).
 * - Patterns it cannot run (lookaround, backreferences, inline modifiers, big counted
 *   repeats) get V8's per-RegExp backtrack limit: past BACKTRACK_LIMIT the run gives up and
 *   reports no match, and we count it.
 * - OS_Regex runs in our own interpreter with a step budget (os_regex.ts).
 * The V8 flags are set once, at the first compilation, before any RegExp of ours exists.
 * Must not: change matching results of a run that stays within the limits.
 */
import v8 from "node:v8";
import { performance } from "node:perf_hooks";

/** Backtracks before V8 switches a run to its linear engine. */
export const BACKTRACKS_BEFORE_FALLBACK = 20_000;
/** Backtracks (start positions included) after which a non-linear pattern gives up. */
export const BACKTRACK_LIMIT = 300_000;
/** A capped run slower than this (ms) is counted as a probable give-up. */
const SLOW_RUN_MS = 1;

interface Counters {
  linearFallbackPatterns: number;
  backtrackLimitedPatterns: number;
  unguardedPatterns: number;
  osregexBudgetExhausted: number;
  limitedRuns: number;
  limitedSlowRuns: number;
  truncatedInputs: number;
}

const counters: Counters = {
  linearFallbackPatterns: 0,
  backtrackLimitedPatterns: 0,
  unguardedPatterns: 0,
  osregexBudgetExhausted: 0,
  limitedRuns: 0,
  limitedSlowRuns: 0,
  truncatedInputs: 0,
};

export type RegexGuardStats = Readonly<Counters> & {
  /** V8 accepted the linear-fallback flags. */
  readonly linearFallbackAvailable: boolean;
  /** V8's per-RegExp backtrack limit is available. */
  readonly backtrackLimitAvailable: boolean;
};

function setFlag(flag: string): boolean {
  try {
    v8.setFlagsFromString(flag);
    return true;
  } catch {
    // An unknown flag is ignored by V8; this only guards against a future throwing API.
    return false;
  }
}

type LimitedFactory = (source: string, flags: string, limit: number) => RegExp;

function install(): { linear: boolean; limited: LimitedFactory | null } {
  const linear = setFlag("--enable-experimental-regexp-engine-on-excessive-backtracks")
    && setFlag(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_FALLBACK}`)
    && setFlag("--enable-experimental-regexp-engine");
  let limited: LimitedFactory | null = null;
  // V8's intrinsic %NewRegExpWithBacktrackLimit needs natives syntax while the helper is
  // parsed; the flag stays on because V8 may re-parse a flushed function later. It has no
  // effect on valid JavaScript (the `%` prefix form is otherwise a syntax error).
  if (setFlag("--allow-natives-syntax")) {
    try {
      const make = new Function("s", "f", "n", "return %NewRegExpWithBacktrackLimit(s, f, n);") as LimitedFactory;
      const probe = make("a", "", 10);
      if (probe instanceof RegExp && probe.test("a")) limited = make;
    } catch {
      limited = null;
    }
  }
  return { linear: linear && canUseLinearFlag(), limited };
}

function canUseLinearFlag(): boolean {
  try {
    new RegExp("a", "l");
    return true;
  } catch {
    return false;
  }
}

let installedState: { linear: boolean; limited: LimitedFactory | null } | null = null;

/**
 * Sets the V8 flags on first use (not at import: importing stays free of side effects), so
 * before the first RegExp of ours exists.
 */
function installed(): { linear: boolean; limited: LimitedFactory | null } {
  installedState ??= install();
  return installedState;
}

/** Can V8's linear engine run this source? (Probed by compiling it with the `l` flag.) */
export function isLinearCapable(source: string, flags: string): boolean {
  if (!installed().linear) return false;
  try {
    new RegExp(source, flags.replace(/[gy]/g, "") + "l");
    return true;
  } catch {
    return false;
  }
}

/** A RegExp plus how it is protected. */
export interface GuardedRegExp {
  readonly re: RegExp;
  /** "linear": V8 linear fallback; "limited": backtrack cap; "none": unprotected. */
  readonly guard: "linear" | "limited" | "none";
}

/**
 * Builds a guarded RegExp. Throws the RegExp SyntaxError for an invalid source: callers
 * translate first and report that as a diagnostic.
 */
export function guardedRegExp(source: string, flags: string): GuardedRegExp {
  const linear = isLinearCapable(source, flags);
  const re = new RegExp(source, flags);
  if (linear) {
    counters.linearFallbackPatterns++;
    return { re, guard: "linear" };
  }
  const limited = installed().limited;
  if (limited !== null) {
    counters.backtrackLimitedPatterns++;
    return { re: limited(source, flags, BACKTRACK_LIMIT), guard: "limited" };
  }
  counters.unguardedPatterns++;
  return { re, guard: "none" };
}

/**
 * A RegExp that runs on V8's linear engine from the start (no backtracking attempt first),
 * for inputs already known to be hostile; guardedRegExp() when the engine is unavailable.
 */
export function linearRegExp(source: string): GuardedRegExp {
  if (isLinearCapable(source, "")) {
    counters.linearFallbackPatterns++;
    return { re: new RegExp(source, "l"), guard: "linear" };
  }
  return guardedRegExp(source, "");
}

/**
 * exec() with accounting for capped patterns (only they pay for the two clock reads, a
 * measurement for the statistics, never a decision: time stays injected elsewhere).
 */
export function guardedExec(g: GuardedRegExp, input: string): RegExpExecArray | null {
  if (g.guard !== "limited") return g.re.exec(input);
  const t0 = performance.now();
  const m = g.re.exec(input);
  counters.limitedRuns++;
  if (m === null && performance.now() - t0 > SLOW_RUN_MS) counters.limitedSlowRuns++;
  return m;
}

/** test() counterpart of guardedExec(). */
export function guardedTest(g: GuardedRegExp, input: string): boolean {
  return g.guard === "limited" ? guardedExec(g, input) !== null : g.re.test(input);
}

export function countBudgetExhausted(): void {
  counters.osregexBudgetExhausted++;
}

export function countTruncation(): void {
  counters.truncatedInputs++;
}

/** Counters since start (or the last reset), for the engine's health report. */
export function regexGuardStats(): RegexGuardStats {
  const i = installed();
  return { ...counters, linearFallbackAvailable: i.linear, backtrackLimitAvailable: i.limited !== null };
}

/** Zeroes the run counters (pattern counts are kept). For tests and periodic reports. */
export function resetRegexGuardRuns(): void {
  counters.osregexBudgetExhausted = 0;
  counters.limitedRuns = 0;
  counters.limitedSlowRuns = 0;
  counters.truncatedInputs = 0;
}
