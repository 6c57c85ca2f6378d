/**
 * OS_Regex matchers: the exact interpreter (os_regex_exec.ts) behind a cheap prefilter
 * (the literals of an alternative are mandatory, but for one tail case, so its longest
 * required literal run must occur; see os_regex_compile.ts; all its runs are exposed as
 * `literals` for callers' own pre-checks), with a step budget per call (or per scope, see
 * withSharedStepBudget) and the linear translation as the fallback when a hostile line
 * exhausts it.
 * Must not: allocate on test() beyond what the fallback needs; throw on any input.
 */
import type { CompileResult, MatchResult, Matcher } from "./matcher.ts";
import { MAX_SUBJECT_CHARS } from "./matcher.ts";
import { compileOsRegex } from "./os_regex_compile.ts";
import type { OsRegexAlternative, OsRegexProgram } from "./os_regex_compile.ts";
import { NO_MATCH, OUT_OF_BUDGET, runAlternative } from "./os_regex_exec.ts";
import { BS, PAREN } from "./os_regex_classes.ts";
import type { ExecState } from "./os_regex_exec.ts";
import { translateAlternative } from "./os_regex_translate.ts";
import type { RequiredLiterals } from "./required_literals.ts";
import { hasAsciiLetter, literalSource } from "./ascii_literal.ts";
import { countBudgetExhausted, countTruncation, guardedExec, guardedRegExp } from "./regex_guard.ts";
import type { GuardedRegExp } from "./regex_guard.ts";

/**
 * Interpreter steps allowed per call: a fixed part plus this many per input unit. Real lines
 * of the Wazuh corpus need up to ~185,000 steps (a 2.7 KB line through a chain of `\S*,`);
 * a step costs 5-15 ns, so a hostile line costs at most a few milliseconds.
 */
export const STEP_BUDGET_BASE = 250_000;
export const STEP_BUDGET_PER_UNIT = 2;
/**
 * A line that exhausted the budget is hostile: the linear stand-in only reads this much of
 * it (V8's linear engine costs about 100 ns per unit), so the worst case stays near 2 ms.
 */
export const FALLBACK_MAX_UNITS = 8_192;

/**
 * Steps for all the calls of one withSharedStepBudget scope: the fixed part of a call's
 * budget, without the per-unit part (that allowance is for one pattern on one long line; a
 * long line meets about a hundred decoder patterns). Decoding a Wazuh corpus event takes at
 * most ~41,000 steps; a hostile 64 KiB line spends it all in ~3 ms instead of ~8 ms.
 */
export const SHARED_STEP_BUDGET = STEP_BUDGET_BASE;

/** Steps left in the open shared budget (withSharedStepBudget), or -1 when none is open. */
let sharedSteps = -1;

/**
 * Runs `fn` with ONE step budget, SHARED_STEP_BUDGET, for all OS_Regex calls made inside
 * it, instead of one per call. Each call gets the smaller of its own budget and what is
 * left; the steps it used are charged to the scope; a call that starts with nothing left
 * (or runs out) is finished by the linear translation like any exhausted call. Results
 * change only when the calls of one scope together exceed the budget: the decoders open one
 * scope per event, and real events use a small part of it. A nested scope is the outer one.
 * `fn` MUST NOT let the scope escape (no async work).
 */
export function withSharedStepBudget<T>(fn: () => T): T {
  if (sharedSteps >= 0) return fn();
  sharedSteps = SHARED_STEP_BUDGET;
  try {
    return fn();
  } finally {
    sharedSteps = -1;
  }
}

type Prefilter = ((input: string) => boolean) | null;

function prefilterFor(alt: OsRegexAlternative): Prefilter {
  const lit = alt.requiredLiteral;
  // An anchored attempt that starts with a literal fails at once or is nearly done.
  const first = alt.code[0] as number;
  if (lit.length === 0 || (alt.begin && first !== 0 && first !== BS && first !== PAREN)) return null;
  if (!hasAsciiLetter(lit)) return (input) => input.indexOf(lit) >= 0;
  const re = guardedRegExp(literalSource(lit, true), "");
  return (input) => re.re.test(input);
}

/** Every alternative's required runs, or undefined when one alternative has none. */
function literalsOf(program: OsRegexProgram): RequiredLiterals | undefined {
  const alts = program.alternatives;
  if (alts.some((a) => a.requiredRuns.length === 0)) return undefined;
  // Plain (not frozen) objects and arrays, as pcre2_literals.ts builds them: one shape for
  // every pattern keeps the callers' loops monomorphic (frozen elements are another kind).
  return alts.map((a) => ({ runs: a.requiredRuns, anchored: a.anchoredLiteral }));
}

/** Scratch shared by all matchers: JavaScript runs one call at a time on a thread. */
const state: ExecState = { budget: 0, prts: null };
let scratch = new Int32Array(16);

function prtsFor(alt: OsRegexAlternative): Int32Array {
  if (scratch.length < alt.parenCount) scratch = new Int32Array(alt.parenCount * 2);
  scratch.fill(-1, 0, alt.parenCount);
  return scratch;
}

function capturesOf(alt: OsRegexAlternative, prts: Int32Array, input: string): string[] {
  const out: string[] = [];
  for (let j = 0; j + 1 < alt.parenCount; j += 2) {
    const a = prts[j] as number;
    const b = prts[j + 1] as number;
    if (a < 0 || b < 0) break;
    // Wazuh compat: a group closing before it opens crashes Wazuh (semantics §2.3.2); "" here.
    out.push(b > a ? input.slice(a, b) : "");
  }
  return out;
}

class OsRegexMatcher implements Matcher {
  readonly dialect = "osregex" as const;
  readonly source: string;
  readonly groupCount: number;
  readonly literals?: RequiredLiterals;
  readonly #program: OsRegexProgram;
  readonly #prefilters: Prefilter[];
  readonly #fallback: (GuardedRegExp | undefined)[];

  constructor(source: string, program: OsRegexProgram) {
    this.source = source;
    this.#program = program;
    this.groupCount = program.capture ? program.groupCount : 0;
    this.#prefilters = program.alternatives.map(prefilterFor);
    const literals = literalsOf(program);
    if (literals) this.literals = literals;
    this.#fallback = program.alternatives.map(() => undefined);
  }

  test(input: string): boolean {
    return this.#run(input, false) !== null;
  }

  exec(input: string): MatchResult | null {
    return this.#run(input, true);
  }

  #run(raw: string, wantResult: boolean): MatchResult | null {
    let input = raw;
    if (input.length > MAX_SUBJECT_CHARS) {
      input = input.slice(0, MAX_SUBJECT_CHARS);
      countTruncation();
    }
    const own = STEP_BUDGET_BASE + STEP_BUDGET_PER_UNIT * input.length;
    const start = sharedSteps >= 0 && sharedSteps < own ? sharedSteps : own;
    state.budget = start;
    const result = this.#interpret(input, wantResult);
    if (sharedSteps >= 0) sharedSteps -= start - state.budget;
    return result;
  }

  /** Tries the alternatives in order within `state.budget`. */
  #interpret(input: string, wantResult: boolean): MatchResult | null {
    const alts = this.#program.alternatives;
    for (let i = 0; i < alts.length; i++) {
      const alt = alts[i] as OsRegexAlternative;
      const pre = this.#prefilters[i];
      if (pre && !pre(input)) continue;
      state.prts = this.#program.capture ? prtsFor(alt) : null;
      const r = runAlternative(alt, input, state);
      if (r === OUT_OF_BUDGET) {
        countBudgetExhausted();
        return this.#linear(input.length > FALLBACK_MAX_UNITS ? input.slice(0, FALLBACK_MAX_UNITS) : input, i, wantResult);
      }
      if (r === NO_MATCH) continue;
      if (!wantResult) return MATCHED;
      const captures = state.prts !== null ? capturesOf(alt, state.prts, input) : [];
      // Wazuh's end + 1 can pass the end of an empty input (an empty alternative): clamp.
      return { captures, end: Math.min(r + 1, input.length) };
    }
    return null;
  }

  /** The budget ran out in alternative `from`: finish with the linear translations. */
  #linear(input: string, from: number, wantResult: boolean): MatchResult | null {
    const alts = this.#program.alternatives;
    for (let i = from; i < alts.length; i++) {
      let g = this.#fallback[i];
      if (g === undefined) {
        // Backtracking first, V8's linear engine past its backtrack threshold: the same
        // result either way, and typically several times cheaper than linear from the start.
        g = guardedRegExp(translateAlternative(alts[i] as OsRegexAlternative), "");
        this.#fallback[i] = g;
      }
      const m = guardedExec(g, input);
      if (m === null) continue;
      if (!wantResult) return MATCHED;
      const captures = this.#program.capture ? m.slice(1).filter((c): c is string => c !== undefined) : [];
      return { captures, end: m.index + m[0].length };
    }
    return null;
  }
}

const MATCHED: MatchResult = Object.freeze({ captures: Object.freeze([]) as readonly string[], end: 0 });

/** Compiles an OS_Regex pattern into a Matcher, or reports why Wazuh would reject it. */
export function compileOsRegexMatcher(pattern: string, captures: boolean): CompileResult {
  // Wazuh compat: patterns are C strings; anything after a NUL is invisible to Wazuh.
  const nul = pattern.indexOf("\0");
  const compiled = compileOsRegex(nul >= 0 ? pattern.slice(0, nul) : pattern, captures);
  if (!compiled.ok) return compiled;
  return { ok: true, matcher: new OsRegexMatcher(pattern, compiled.program), notes: [] };
}
