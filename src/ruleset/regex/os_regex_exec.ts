/**
 * The OS_Regex matcher, reproducing Wazuh 4.14.7's observed behaviour (semantics §2.3.2,
 * §2.3.3): alternatives tried in order over the whole input, start positions left to right,
 * quantified classes lazy with a one-token look-ahead, at most four hand-over points to
 * back-track to, restarts after the first literal, the erratic end position, and the capture
 * bookkeeping with its known oddities (`)(` never matches, an empty final group is dropped).
 * Every step is counted against a budget so one hostile line cannot stall the engine: when
 * the budget runs out the caller falls back to the linear-time translation.
 * runAlternative() is deliberately one long loop over nine locals (above the house limit of
 * 40 lines): split into functions, the per-step state would have to live in an object, and
 * this loop runs on every log line of the fleet.
 * Must not: allocate per step, or throw.
 */
import { BS, CLASS_TABLE, CLASS_WIDTH, PAREN, PLUS, STAR, foldAscii } from "./os_regex_classes.ts";
import type { OsRegexAlternative } from "./os_regex_compile.ts";

/** No match (Wazuh returns NULL). Real end pointers are >= -1. */
export const NO_MATCH = -2;
/** The step budget ran out before an answer. */
export const OUT_OF_BUDGET = -3;

const isPlus = (u: number): boolean => u === PLUS || u === STAR;

/** Mutable per-call state, reused: one instance per thread of execution is enough. */
export interface ExecState {
  /** Steps left; decremented once per input position visited. */
  budget: number;
  /** Positions recorded for each parenthesis (-1 = unset), or null when not capturing. */
  prts: Int32Array | null;
}

/**
 * The next position at or after `from` where an attempt can start (see leadUnit). Skipping
 * the others is exact: there Wazuh's loop only fails the first literal and restarts,
 * changing no state.
 */
function nextCandidate(input: string, from: number, lead: number): number {
  if (from < lowerFrom || lowerAt < from) {
    lowerAt = findUnit(input, from, lead);
    lowerFrom = from;
  }
  if (from < upperFrom || upperAt < from) {
    // Literals are folded to lower case: only a lower-case letter has a second form.
    upperAt = lead >= 97 && lead <= 122 ? findUnit(input, from, lead - 32) : input.length;
    upperFrom = from;
  }
  return lowerAt < upperAt ? lowerAt : upperAt;
}

/**
 * The lead scan's memory within one call: the next position of each case form (input
 * length when none) found from `*From`. Kept between restarts, so a form that is absent or
 * far away is not searched for again at every attempt (that would be quadratic).
 */
let lowerAt = -1, lowerFrom = -1, upperAt = -1, upperFrom = -1;

function resetLeadScan(): void {
  lowerAt = lowerFrom = upperAt = upperFrom = -1;
}

/** indexOf (a vectorised scan) for one unit; the input length when absent. */
function findUnit(input: string, from: number, unit: number): number {
  const i = input.indexOf(String.fromCharCode(unit), from);
  return i < 0 ? input.length : i;
}

/** A return from inside the loop: the steps used are written back as on every other exit. */
function matchedAt(state: ExecState, budget: number, rcode: number): number {
  state.budget = budget;
  return rcode;
}

function record(alt: OsRegexAlternative, prts: Int32Array, at: number, pos: number): void {
  const k = alt.parenOrdinal[at] as number;
  if (k >= 0) prts[k] = pos;
}

/**
 * Runs one alternative; returns Wazuh's end pointer as an offset (>= -1), NO_MATCH or
 * OUT_OF_BUDGET. `state.prts` receives the group boundaries when capturing.
 */
export function runAlternative(alt: OsRegexAlternative, input: string, state: ExecState): number {
  const code = alt.code;
  const len = input.length;
  const prts = state.prts;
  const capture = prts !== null;
  const endSet = alt.end;
  const begin = alt.begin;
  let budget = state.budget;
  const table = CLASS_TABLE;
  let rcode = 0;
  let matched = 0;
  let stErr = -1;
  let pt = 0;
  let e0 = -1, e1 = -1, e2 = -1, e3 = -1;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const lead = alt.leadUnit;
  if (lead >= 0) resetLeadScan();
  let st = lead >= 0 ? nextCandidate(input, 0, lead) : 0;
  for (; st < len; ++st) {
    if (--budget < 0) {
      state.budget = 0;
      return OUT_OF_BUDGET;
    }
    const ch = input.charCodeAt(st);
    const col = ch < 128 ? ch : 128;
    const head = code[pt] as number;
    if (head === 0) {
      if (!endSet) return matchedAt(state, budget, rcode);
    } else if (head === PAREN) {
      if (capture) record(alt, prts, pt, st);
      pt++;
      if (code[pt] === 0 && !endSet) return matchedAt(state, budget, rcode);
    }
    if (code[pt] === BS) {
      const cls = code[pt + 1] as number;
      if (table[cls * CLASS_WIDTH + col] === 1) {
        let next = pt + 2;
        if (!isPlus(code[next] as number)) {
          pt = next;
          if (stErr < 0) stErr = st;
          rcode = st;
          continue;
        }
        if (code[next] === STAR) matched = 1;
        if (matched) {
          next++;
          let ok = -1;
          if (code[next] === PAREN) next++;
          const nc = code[next] as number;
          if (nc === 0) ok = 1;
          else if (nc === BS) {
            if (table[(code[next + 1] as number) * CLASS_WIDTH + col] === 1) ok = isPlus(code[next + 2] as number) ? 0 : 2;
          } else if (nc === foldAscii(ch)) {
            matched = 0;
            ok = 1;
          }
          if (ok >= 0) {
            if (capture && code[next - 1] === PAREN) record(alt, prts, next - 1, matched && ok === 1 ? st + 1 : st);
            if (nc === 0) continue;
            next += ok;
            // Wazuh compat: the first free of four hand-over slots; a fifth is forgotten.
            if (e0 < 0) { e0 = pt; s0 = st; }
            else if (e1 < 0) { e1 = pt; s1 = st; }
            else if (e2 < 0) { e2 = pt; s2 = st; }
            else if (e3 < 0) { e3 = pt; s3 = st; }
            pt = next;
          }
        } else {
          next++;
          if (capture && code[next] === PAREN) record(alt, prts, next, st + 1 === len ? st + 1 : st);
          matched = 1;
        }
        rcode = st;
        continue;
      } else if ((code[pt + 2] === 0 || code[pt + 3] === 0) && matched === 1 && rcode !== NO_MATCH) {
        rcode = st;
        if (!endSet) return matchedAt(state, budget, rcode);
      } else if (code[pt + 2] === PLUS && matched === 1) {
        pt += 3;
        st--;
        matched = 0;
        continue;
      } else if (code[pt + 2] === STAR) {
        pt += 3;
        st--;
        rcode = st;
        matched = 0;
        continue;
      }
      matched = 0;
    } else if (ch !== 0 && code[pt] === foldAscii(ch)) {
      pt++;
      if (stErr < 0) stErr = st;
      rcode = st;
      continue;
    }
    // Mismatch: back-track to the most recent hand-over point, else restart.
    if (e3 >= 0) { pt = e3; st = s3; e3 = -1; continue; }
    if (e2 >= 0) { pt = e2; st = s2; e2 = -1; continue; }
    if (e1 >= 0) { pt = e1; st = s1; e1 = -1; continue; }
    if (e0 >= 0) { pt = e0; st = s0; e0 = -1; continue; }
    if (begin) {
      state.budget = budget;
      return NO_MATCH;
    }
    if (stErr >= 0) {
      st = stErr;
      stErr = -1;
    }
    pt = 0;
    rcode = NO_MATCH;
    if (lead >= 0) st = nextCandidate(input, st + 1, lead) - 1;
  }
  state.budget = budget;
  return finish(alt, prts, pt, st, matched, rcode);
}

/** Wazuh's end-of-input rule: which pattern tails may remain unmatched. */
function finish(alt: OsRegexAlternative, prts: Int32Array | null, start: number, st: number, matched: number, rcode: number): number {
  const code = alt.code;
  let pt = start;
  if (prts !== null) {
    while (code[pt] !== PAREN && code[pt] !== 0) {
      if (code[pt] === BS && code[pt + 2] === STAR) pt += 3;
      else break;
    }
    if (code[pt] === PAREN) record(alt, prts, pt, st);
  }
  // The three alternatives below mirror a C condition whose pointer side effects carry
  // from one alternative to the next.
  if (code[pt] === PAREN) pt++;
  if (code[pt] === 0) return rcode;
  if (code[pt] === BS && matched) {
    pt += 2;
    if (!isPlus(code[pt] as number)) return tailStar(code, pt, rcode);
    pt++;
    if (code[pt] === PAREN) pt++;
    if (code[pt] === 0) return rcode;
    if (code[pt] !== BS) return tailStar(code, pt, rcode);
    pt += 2;
    if (code[pt] !== STAR) return tailStar(code, pt, rcode);
    pt++;
    if (code[pt] === PAREN) pt++;
    if (code[pt] === 0) return rcode;
  }
  return tailStar(code, pt, rcode);
}

/** The last clause of the end rule: one `\x*` (then an optional group end) may remain. */
function tailStar(code: Uint16Array, start: number, rcode: number): number {
  let pt = start;
  if (code[pt] !== BS) return NO_MATCH;
  pt += 2;
  if (code[pt] !== STAR) return NO_MATCH;
  pt++;
  if (code[pt] === PAREN) pt++;
  return code[pt] === 0 ? rcode : NO_MATCH;
}
