/**
 * PCRE2 matchers (`type="pcre2"`; semantics §2.4): the pattern translated to a JavaScript
 * RegExp by pcre2_translate.ts and run under the backtracking guard. Case-sensitive unless
 * the pattern says `(?i)`, as Wazuh compiles PCRE2 with no options.
 * Must not: throw on any input.
 */
import type { CompileResult, MatchResult, Matcher } from "./matcher.ts";
import { PCRE2_MAX_SUBJECT_CHARS } from "./matcher.ts";
import { translatePcre2 } from "./pcre2_translate.ts";
import { pcre2RequiredLiterals } from "./pcre2_literals.ts";
import { segmentRest } from "./pcre2_segment.ts";
import type { RequiredLiterals } from "./required_literals.ts";
import type { Pcre2Translation } from "./pcre2_translate.ts";
import { countTruncation, guardedExec, guardedRegExp, guardedTest } from "./regex_guard.ts";
import type { GuardedRegExp } from "./regex_guard.ts";
import { errorMessage } from "../../core/mod.ts";

class Pcre2Matcher implements Matcher {
  readonly dialect = "pcre2" as const;
  readonly source: string;
  readonly groupCount: number;
  readonly literals?: RequiredLiterals;
  readonly #main: GuardedRegExp;
  /** Source for subjects ending in "\n" (PCRE2's `$` also matches before it), or null. */
  readonly #newlineSource: string | null;
  #newline: GuardedRegExp | null = null;
  readonly #groups: readonly number[];
  readonly #captures: boolean;

  constructor(source: string, t: Pcre2Translation, main: GuardedRegExp, captures: boolean) {
    this.source = source;
    this.#main = main;
    this.#newlineSource = t.sourceFinalNewline;
    this.#groups = t.groupIndex;
    this.#captures = captures;
    this.groupCount = captures ? t.groupIndex.length : 0;
    const literals = pcre2RequiredLiterals(source);
    if (literals) this.literals = literals;
  }

  #pick(input: string): GuardedRegExp {
    if (this.#newlineSource === null || input.charCodeAt(input.length - 1) !== 10) return this.#main;
    // Built on first need: most subjects never end in "\n". Same syntax as the main source.
    this.#newline ??= guardedRegExp(this.#newlineSource, this.#main.re.flags);
    return this.#newline;
  }

  #cap(input: string): string {
    if (input.length <= PCRE2_MAX_SUBJECT_CHARS) return input;
    countTruncation();
    return input.slice(0, PCRE2_MAX_SUBJECT_CHARS);
  }

  test(raw: string): boolean {
    const input = this.#cap(raw);
    return guardedTest(this.#pick(input), input);
  }

  exec(raw: string): MatchResult | null {
    const input = this.#cap(raw);
    const m = guardedExec(this.#pick(input), input);
    if (m === null) return null;
    return { captures: this.#captures ? this.#collect(m) : [], end: m.index + m[0].length };
  }

  /** Groups up to the highest that matched; an unset one in between is "" (PCRE2 ovector). */
  #collect(m: RegExpExecArray): string[] {
    let last = -1;
    for (let g = 0; g < this.#groups.length; g++) if (m[this.#groups[g] as number] !== undefined) last = g;
    const out: string[] = [];
    for (let g = 0; g <= last; g++) out.push(m[this.#groups[g] as number] ?? "");
    return out;
  }
}

/** Compiles a PCRE2 pattern, or explains why it cannot be expressed. */
export function compilePcre2Matcher(pattern: string, captures: boolean): CompileResult {
  // `[^c]*c...` is searched without its `[^c]*`: the same answers in linear time.
  const t = translatePcre2(segmentRest(pattern) ?? pattern);
  if (!t.ok) return t;
  let main: GuardedRegExp;
  try {
    main = guardedRegExp(t.source, t.flags);
    // Validate the final-newline variant now, so a syntax problem surfaces at load time.
    if (t.sourceFinalNewline !== null) new RegExp(t.sourceFinalNewline, t.flags);
  } catch (error) {
    return { ok: false, code: "REGEX_PCRE2_SYNTAX", message: `Cannot compile PCRE2 pattern: ${errorMessage(error)}` };
  }
  return { ok: true, matcher: new Pcre2Matcher(pattern, t, main, captures), notes: t.notes };
}
