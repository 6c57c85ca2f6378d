/**
 * OS_Match (`type="osmatch"`, also called sregex; semantics §2.2): `|`-separated literals,
 * each optionally anchored with a leading `^` and/or a trailing `$`, compared
 * ASCII-case-insensitively; a leading `!` negates the whole pattern; every other character
 * (`\ . * + ? ( ) [ ]`, inner `^`/`$`) is literal; an empty alternative matches anything.
 * Compiled to startsWith/endsWith/equality loops and indexOf where case cannot matter; the
 * unanchored alternatives that contain letters share one literal RegExp.
 * Must not: allocate in test(); throw on any input.
 */
import type { CompileResult, Dialect, MatchResult, Matcher } from "./matcher.ts";
import { MAX_SUBJECT_CHARS } from "./matcher.ts";
import { foldAscii } from "./os_regex_classes.ts";
import { OS_PATTERN_MAXSIZE } from "./os_regex_compile.ts";
import { hasAsciiLetter, literalSource } from "./ascii_literal.ts";
import { countTruncation, guardedExec, guardedRegExp, guardedTest } from "./regex_guard.ts";
import type { GuardedRegExp } from "./regex_guard.ts";

interface Alternative {
  /** Lower-cased (ASCII) literal text. */
  readonly text: string;
  readonly begin: boolean;
  readonly end: boolean;
  readonly letters: boolean;
}

/** Compares `text` (already folded) with input at `pos`, folding the input's ASCII letters. */
function foldedAt(input: string, pos: number, text: string): boolean {
  if (pos < 0 || pos + text.length > input.length) return false;
  for (let i = 0; i < text.length; i++) {
    if (foldAscii(input.charCodeAt(pos + i)) !== text.charCodeAt(i)) return false;
  }
  return true;
}

function parseAlternative(raw: string): Alternative {
  let text = raw;
  const begin = text.startsWith("^");
  if (begin) text = text.slice(1);
  const end = text.endsWith("$");
  if (end) text = text.slice(0, -1);
  let folded = "";
  for (let i = 0; i < text.length; i++) folded += String.fromCharCode(foldAscii(text.charCodeAt(i)));
  return { text: folded, begin, end, letters: hasAsciiLetter(folded) };
}

/** Where `alt` matches in input (offset just after it), or -1. */
function anchoredEnd(alt: Alternative, input: string): number {
  const n = alt.text.length;
  if (alt.begin && alt.end) return input.length === n && foldedAt(input, 0, alt.text) ? n : -1;
  if (alt.begin) return foldedAt(input, 0, alt.text) ? n : -1;
  return foldedAt(input, input.length - n, alt.text) ? input.length : -1;
}

class OsMatchMatcher implements Matcher {
  readonly dialect: Dialect;
  readonly source: string;
  readonly groupCount = 0;
  readonly #negate: boolean;
  readonly #alts: readonly Alternative[];
  readonly #anchored: readonly Alternative[];
  readonly #plain: readonly string[];
  readonly #lettered: GuardedRegExp | null;
  readonly #always: boolean;
  #positions: (GuardedRegExp | null)[] | null = null;

  constructor(dialect: Dialect, source: string, pattern: string) {
    this.dialect = dialect;
    this.source = source;
    this.#negate = pattern.startsWith("!");
    this.#alts = (this.#negate ? pattern.slice(1) : pattern).split("|").map(parseAlternative);
    const unanchored = this.#alts.filter((a) => !a.begin && !a.end);
    this.#always = this.#alts.some((a) => a.text.length === 0 && !(a.begin && a.end));
    this.#anchored = this.#alts.filter((a) => a.begin || a.end);
    this.#plain = unanchored.filter((a) => !a.letters).map((a) => a.text);
    const lettered = unanchored.filter((a) => a.letters);
    this.#lettered = lettered.length === 0 ? null
      : guardedRegExp(lettered.map((a) => literalSource(a.text, true)).join("|"), "");
  }

  test(input: string): boolean {
    return this.#any(this.#cap(input)) !== this.#negate;
  }

  exec(raw: string): MatchResult | null {
    const input = this.#cap(raw);
    if (this.#negate) return this.#any(input) ? null : { captures: [], end: 0 };
    for (let i = 0; i < this.#alts.length; i++) {
      const end = this.#endOf(i, input);
      if (end >= 0) return { captures: [], end };
    }
    return null;
  }

  #cap(input: string): string {
    if (input.length <= MAX_SUBJECT_CHARS) return input;
    countTruncation();
    return input.slice(0, MAX_SUBJECT_CHARS);
  }

  #any(input: string): boolean {
    if (this.#always) return true;
    for (const alt of this.#anchored) if (anchoredEnd(alt, input) >= 0) return true;
    for (const text of this.#plain) if (input.indexOf(text) >= 0) return true;
    return this.#lettered !== null && guardedTest(this.#lettered, input);
  }

  /** exec() only: the end of alternative i in input, or -1. */
  #endOf(i: number, input: string): number {
    const alt = this.#alts[i] as Alternative;
    if (alt.begin || alt.end) return anchoredEnd(alt, input);
    if (alt.text.length === 0) return 0;
    if (!alt.letters) {
      const at = input.indexOf(alt.text);
      return at < 0 ? -1 : at + alt.text.length;
    }
    this.#positions ??= this.#alts.map(() => null);
    let g = this.#positions[i] ?? null;
    if (g === null) {
      g = guardedRegExp(literalSource(alt.text, true), "");
      this.#positions[i] = g;
    }
    const m = guardedExec(g, input);
    return m === null ? -1 : m.index + m[0].length;
  }
}

/** Compiles an OS_Match (or sregex) pattern; only an over-long pattern is rejected. */
export function compileOsMatchMatcher(dialect: Dialect, pattern: string): CompileResult {
  if (pattern.length > OS_PATTERN_MAXSIZE) {
    return { ok: false, code: "REGEX_TOO_LONG", message: `Cannot compile OS_Match: pattern of ${pattern.length} characters exceeds ${OS_PATTERN_MAXSIZE}` };
  }
  // Wazuh compat: patterns are C strings; anything after a NUL is invisible to Wazuh.
  const nul = pattern.indexOf("\0");
  const matcher = new OsMatchMatcher(dialect, pattern, nul >= 0 ? pattern.slice(0, nul) : pattern);
  return { ok: true, matcher, notes: [] };
}
