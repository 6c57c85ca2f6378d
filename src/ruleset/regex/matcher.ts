/**
 * The shape every compiled pattern has, whatever its dialect (Wazuh OS_Regex, OS_Match,
 * sregex, PCRE2). Owns only the types; compilation lives in compile_pattern.ts.
 * Must not: import any dialect (they import this).
 */

import type { RequiredLiterals } from "./required_literals.ts";

/** Wazuh's pattern languages. `sregex` is Wazuh's other name for OS_Match (semantics §2.2). */
export type Dialect = "osregex" | "osmatch" | "pcre2" | "sregex";

export const DIALECTS: readonly Dialect[] = ["osregex", "osmatch", "pcre2", "sregex"];

/** One successful match. */
export interface MatchResult {
  /**
   * Captured substrings in Wazuh's order: for OS_Regex only the groups of the winning
   * alternative, stopping at the first group Wazuh leaves unset (semantics §2.3.2); for
   * PCRE2 the groups up to the highest one that matched, an unset group in between as "".
   * Empty unless the pattern was compiled with `captures: true`. OS_Match captures nothing.
   */
  readonly captures: readonly string[];
  /**
   * Offset just after the match, where a decoder continues (`after_prematch`,
   * `after_regex`; semantics §2.3.3): Wazuh's end pointer plus one. For OS_Regex this
   * reproduces the C engine's erratic end for alternatives ending with a quantified class;
   * for PCRE2 and OS_Match it is the natural end. Between -1+1 = 0 and input length.
   */
  readonly end: number;
}

/**
 * A compiled, immutable pattern.
 * Contract: test() and exec() MUST NOT throw, whatever the input (hostile log lines); they
 * MUST return within a bounded time (see regex_guard.ts and docs/regex.md); they keep no
 * state between calls, so one Matcher may be shared by every rule that uses the pattern.
 * Inputs longer than MAX_SUBJECT_CHARS are matched on their first MAX_SUBJECT_CHARS
 * characters, as Wazuh only ever sees OS_MAXSTR bytes of a log (PCRE2:
 * PCRE2_MAX_SUBJECT_CHARS).
 * `negate="yes"` is the caller's business: the matcher never inverts, except the OS_Match
 * leading `!`, which is part of that dialect.
 */
export interface Matcher {
  readonly dialect: Dialect;
  /** The pattern as written (after XML reading), for messages. */
  readonly source: string;
  /** Number of groups an exec() can return at most (0 for OS_Match). */
  readonly groupCount: number;
  /**
   * The lower-cased literal runs every match consumes, per alternative (required_literals.ts),
   * for callers that pre-check many patterns against one lower-cased line; absent when some
   * alternative has none or the dialect does not compute them.
   */
  readonly literals?: RequiredLiterals;
  test(input: string): boolean;
  exec(input: string): MatchResult | null;
}

export interface CompileOptions {
  /**
   * Return captured groups from exec() (Wazuh's OS_RETURN_SUBSTRING). Wazuh compiles
   * decoder `<regex>` this way and everything else without; for OS_Regex it also changes
   * matching slightly (the trailing-group rule of semantics §2.3.2), so use it exactly where
   * Wazuh does. Default false.
   */
  readonly captures?: boolean;
}

/** A non-fatal remark about a compiled pattern (an approximation), for a warning. */
export interface CompileNote {
  readonly code: string;
  readonly message: string;
}

export type CompileResult =
  | { readonly ok: true; readonly matcher: Matcher; readonly notes: readonly CompileNote[] }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly hint?: string };

/** Wazuh's OS_MAXSTR: no log Wazuh analyses is longer (bytes there, UTF-16 units here). */
export const MAX_SUBJECT_CHARS = 65536;

/**
 * PCRE2 subjects are read up to this many units: a hostile subject may push a RegExp onto
 * V8's linear engine, which costs about 120 ns per unit, and this keeps that under ~4 ms.
 * A deliberate difference from Wazuh for subjects between 32 and 64 KiB (docs/regex.md).
 */
export const PCRE2_MAX_SUBJECT_CHARS = 32768;
