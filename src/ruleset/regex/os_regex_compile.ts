/**
 * OS_Regex compilation (semantics §2.3.1): checks the pattern as Wazuh's OSRegex_Compile
 * does and lays each `|` alternative out as the compact code the interpreter walks
 * (literals folded to lower case, `\x` as BS + class code, both parentheses as PAREN).
 * The layout is deliberately Wazuh's: the interpreter's one-token look-ahead reads fixed
 * offsets in it, and several observed quirks depend on them.
 * Must not: match anything (os_regex_exec.ts) or build RegExps (os_regex_translate.ts).
 */
import { BS, PAREN, PLUS, STAR, escapeCode, foldAscii } from "./os_regex_classes.ts";

/** Wazuh's OS_PATTERN_MAXSIZE. */
export const OS_PATTERN_MAXSIZE = 20480;
/** Zeros after each alternative: the interpreter reads up to three units past a token. */
const PAD = 4;

export interface OsRegexAlternative {
  /** Compiled units, zero-terminated and padded. */
  readonly code: Uint16Array;
  /** Index of the terminating zero. */
  readonly length: number;
  /** `^` at the start of the alternative. */
  readonly begin: boolean;
  /** `$` at the end of the alternative. */
  readonly end: boolean;
  /** For each code index holding PAREN, its ordinal among this alternative's parentheses. */
  readonly parenOrdinal: Int16Array;
  readonly parenCount: number;
  /** The runs of characters (lower case, ASCII) every match consumes, in order. */
  readonly requiredRuns: readonly string[];
  /** The longest of them ("" when none): every match contains it. */
  readonly requiredLiteral: string;
  /** `^` then a required character: the first required run starts the input. */
  readonly anchoredLiteral: boolean;
  /**
   * The first unit when the alternative starts with a literal and has no `^`, else -1:
   * a match attempt can only start where the (folded) input unit equals it.
   */
  readonly leadUnit: number;
}

export interface OsRegexProgram {
  readonly alternatives: readonly OsRegexAlternative[];
  /** Compiled with captures and some group exists (Wazuh's prts_closure is set). */
  readonly capture: boolean;
  readonly groupCount: number;
}

export type OsRegexCompiled =
  | { readonly ok: true; readonly program: OsRegexProgram }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly hint?: string };

function fail(code: string, message: string, hint?: string): OsRegexCompiled {
  return hint === undefined ? { ok: false, code, message } : { ok: false, code, message, hint };
}

/** Escapes to codes, checks groups and folds case; returns the flat unit list. */
function encode(pattern: string): { units: number[] } | OsRegexCompiled {
  const units: number[] = [];
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === BS) {
      const letter = pattern.charCodeAt(i + 1);
      const code = Number.isNaN(letter) ? 0 : escapeCode(letter);
      if (code === 0) {
        const shown = Number.isNaN(letter) ? "a trailing backslash" : `"\\${pattern[i + 1]}"`;
        return fail("REGEX_OSREGEX_BAD_ESCAPE", `Cannot compile OS_Regex: unknown escape ${shown} at offset ${i}`,
          "OS_Regex knows only \\w \\d \\s \\p \\W \\D \\S \\. \\t \\$ \\( \\) \\\\ \\| \\<; use type=\"pcre2\" for more");
      }
      units.push(BS, code);
      i++;
      continue;
    }
    if (c === 40) depth++;
    else if (c === 41) depth--;
    if (depth !== 0 && depth !== 1) {
      return fail("REGEX_OSREGEX_BAD_GROUP", `Cannot compile OS_Regex: ${depth > 1 ? "nested" : "unbalanced"} parenthesis at offset ${i}`,
        "OS_Regex allows one level of groups; escape a literal parenthesis as \\( or \\)");
    }
    if (c === 124 && depth !== 0) {
      return fail("REGEX_OSREGEX_BAD_GROUP", `Cannot compile OS_Regex: "|" inside a group at offset ${i}`,
        "OS_Regex alternation is top-level only; use type=\"pcre2\" for (a|b)");
    }
    units.push(c === 41 ? PAREN : foldAscii(c));
  }
  if (depth !== 0) return fail("REGEX_OSREGEX_BAD_GROUP", "Cannot compile OS_Regex: unclosed parenthesis");
  return { units };
}

/** Splits on top-level `|` units (escaped ones are class codes, never 124 after BS). */
function split(units: readonly number[]): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i] as number;
    if (u === BS) {
      cur.push(u, units[++i] as number);
    } else if (u === 124) {
      out.push(cur);
      cur = [];
    } else {
      cur.push(u);
    }
  }
  out.push(cur);
  return out;
}

/** Escapes that stand for one character (a one-member class): code → that character. */
const SINGLE = new Map([..."()\\t$|<"].map((l) => [escapeCode(l.charCodeAt(0)), l === "t" ? "\t" : l] as const));

/** Index of the last unit outside escapes that is a literal (ASCII, not a parenthesis), or -1. */
function lastPlainLiteral(units: readonly number[]): number {
  let last = -1;
  for (let i = 0; i < units.length; i++) {
    const u = units[i] as number;
    if (u === BS) i += units[i + 2] === PLUS || units[i + 2] === STAR ? 2 : 1;
    else if (u !== PAREN && u < 128) last = i;
  }
  return last;
}

interface Runs {
  readonly runs: string[];
  /** The first unit is part of the first run. */
  readonly leading: boolean;
}

/**
 * The runs of characters every match consumes, in order (lower case ASCII; classes,
 * parentheses and non-ASCII units end a run). Wazuh compat: a single literal right after a
 * final escape is not required: when that escape fails while a class run is still marked
 * open, Wazuh accepts the match without either (`\W+\t\(b` matches "-(=-)<TAB>2"); and
 * a one-character escape (`\(`, `\t`, …) is required only when a required plain literal
 * follows it (`\w+\w(:\))` matches "-1:(" without the `)`). Found with Wazuh's C loop, and
 * checked on millions of random patterns against os_regex_exec.ts.
 */
function requiredRuns(all: readonly number[]): Runs {
  const n = all.length;
  const optionalTail = n >= 3 && all[n - 3] === BS && all[n - 1] !== PLUS && all[n - 1] !== STAR && all[n - 1] !== PAREN;
  const units = optionalTail ? all.slice(0, n - 1) : all;
  const lastPlain = lastPlainLiteral(units);
  const runs: string[] = [];
  let run = "";
  let leading = false;
  for (let i = 0; i < units.length; i++) {
    const u = units[i] as number;
    const quantified = u === BS && (units[i + 2] === PLUS || units[i + 2] === STAR);
    const single = u === BS && !quantified && i < lastPlain ? SINGLE.get(units[i + 1] as number) : undefined;
    if (single !== undefined || (u !== BS && u !== PAREN && u < 128)) {
      run += single ?? String.fromCharCode(u);
      if (i === 0) leading = true;
      if (single !== undefined) i++;
      continue;
    }
    if (u === BS) i += quantified ? 2 : 1;
    if (run !== "") runs.push(run);
    run = "";
  }
  if (run !== "") runs.push(run);
  return { runs, leading };
}

function longest(runs: readonly string[]): string {
  let best = "";
  for (const r of runs) if (r.length > best.length) best = r;
  return best;
}

function layout(raw: number[]): OsRegexAlternative {
  let units = raw;
  const begin = units[0] === 94;
  if (begin) units = units.slice(1);
  // Wazuh compat: a final "$" is the anchor (an escaped one compiled to a class code).
  const end = units.length > 0 && units[units.length - 1] === 36;
  if (end) units = units.slice(0, -1);
  const code = new Uint16Array(units.length + PAD);
  code.set(units);
  const parenOrdinal = new Int16Array(units.length + PAD).fill(-1);
  let parenCount = 0;
  for (let i = 0; i < units.length; i++) {
    if (units[i] === BS) i++;
    else if (units[i] === PAREN) parenOrdinal[i] = parenCount++;
  }
  const first = units[0];
  const leadUnit = !begin && first !== undefined && first !== BS && first !== PAREN ? first : -1;
  const required = requiredRuns(units);
  const runs = required.runs;
  return { code, length: units.length, begin, end, parenOrdinal, parenCount, requiredRuns: runs, requiredLiteral: longest(runs), anchoredLiteral: begin && required.leading, leadUnit };
}

/** Compiles an OS_Regex pattern; `captures` mirrors Wazuh's OS_RETURN_SUBSTRING. */
export function compileOsRegex(pattern: string, captures: boolean): OsRegexCompiled {
  if (pattern.length > OS_PATTERN_MAXSIZE) {
    return fail("REGEX_TOO_LONG", `Cannot compile OS_Regex: pattern of ${pattern.length} characters exceeds ${OS_PATTERN_MAXSIZE}`);
  }
  const encoded = encode(pattern);
  if (!("units" in encoded)) return encoded;
  const alternatives = split(encoded.units).map(layout);
  const groupCount = Math.max(...alternatives.map((a) => a.parenCount >> 1));
  const anyParen = alternatives.some((a) => a.parenCount > 0);
  return { ok: true, program: { alternatives, capture: captures && anyParen, groupCount } };
}
