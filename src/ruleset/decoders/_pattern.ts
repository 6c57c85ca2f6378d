/**
 * The one place where decoders meet the regex dialects (src/ruleset/regex): compiles a
 * pattern and adapts the matcher to what decoding needs (a test, or captures plus the index
 * one past the match, which becomes the next offset). Private to the decoders folder.
 */
import { compilePattern, type RequiredLiterals } from "../regex/mod.ts";

export type Dialect = "osregex" | "osmatch" | "pcre2";

export interface PatternMatch {
  /** Captured groups in order; the first undefined one ends the list of usable captures. */
  readonly captures: readonly (string | undefined)[];
  /** Index in the input one past the match (Wazuh: end pointer + 1). */
  readonly end: number;
}

/** A compiled pattern. MUST NOT throw on any input; MUST be safe against catastrophic backtracking. */
export interface Pattern {
  readonly dialect: Dialect;
  readonly source: string;
  /** Lower-cased literal runs any match consumes (the matcher's `literals`); absent when unknown. */
  readonly runs?: RequiredLiterals;
  test(input: string): boolean;
  exec(input: string): PatternMatch | null;
}

export type CompiledPattern = { readonly ok: true; readonly pattern: Pattern } | { readonly ok: false; readonly message: string };

/**
 * Compiles `source` in `dialect`; never throws. `captures` as Wazuh: true for decoder
 * `<regex>` (OS_RETURN_SUBSTRING), false for prematch and program_name.
 */
export function compileDecoderPattern(dialect: Dialect, source: string, captures: boolean): CompiledPattern {
  let result: ReturnType<typeof compilePattern>;
  try {
    result = compilePattern(dialect, source, { captures });
  } catch (error: unknown) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (!result.ok) return { ok: false, message: result.message };
  const m = result.matcher;
  const runs = m.literals;
  return {
    ok: true,
    pattern: {
      dialect,
      source,
      ...(runs ? { runs } : {}),
      test: (input) => m.test(input),
      exec: (input) => m.exec(input),
    },
  };
}
