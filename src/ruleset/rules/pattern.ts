/**
 * The matcher interface rules compile their patterns into. The engine injects the compiler
 * (ruleset/regex) so rule building stays pure and testable; a compile failure becomes a
 * positioned diagnostic, never an exception.
 */

export type PatternDialect = "osmatch" | "osregex" | "pcre2";

export interface PatternMatcher {
  /** MUST NOT throw and MUST bound its own running time on hostile input. */
  test(subject: string): boolean;
}

export type CompileResult = { readonly ok: true; readonly matcher: PatternMatcher } | { readonly ok: false; readonly message: string };

/** Compiles one pattern of a dialect. MUST NOT throw. */
export type CompilePattern = (dialect: PatternDialect, pattern: string) => CompileResult;

export function isDialect(text: string): text is PatternDialect {
  return text === "osmatch" || text === "osregex" || text === "pcre2";
}
