/**
 * The one entry that compiles a Wazuh pattern of any dialect, with a cache: the same
 * patterns repeat across thousands of rules and decoders, and a Matcher is immutable, so
 * equal (dialect, pattern, options) share one instance.
 * Must not: throw (every failure is a CompileResult with a REGEX_ code).
 */
import type { CompileOptions, CompileResult, Dialect } from "./matcher.ts";
import { DIALECTS } from "./matcher.ts";
import { compileOsMatchMatcher } from "./os_match.ts";
import { compileOsRegexMatcher } from "./os_regex.ts";
import { compilePcre2Matcher } from "./pcre2.ts";
import { errorMessage } from "../../core/mod.ts";

const cache = new Map<string, CompileResult>();

function compileUncached(dialect: Dialect, pattern: string, captures: boolean): CompileResult {
  switch (dialect) {
    case "osregex": return compileOsRegexMatcher(pattern, captures);
    case "osmatch":
    case "sregex": return compileOsMatchMatcher(dialect, pattern);
    case "pcre2": return compilePcre2Matcher(pattern, captures);
  }
}

/**
 * Compiles `pattern` in `dialect` (Wazuh's `type` attribute value). Never throws; an
 * unknown dialect, an invalid pattern or an inexpressible construct is `{ ok: false }` with
 * a REGEX_ code, a message naming the problem and, where useful, a hint.
 */
export function compilePattern(dialect: Dialect, pattern: string, options: CompileOptions = {}): CompileResult {
  if (!DIALECTS.includes(dialect)) {
    return { ok: false, code: "REGEX_UNKNOWN_DIALECT", message: `Cannot compile pattern: unknown type "${String(dialect)}"`, hint: "Use osregex, osmatch, sregex or pcre2" };
  }
  const captures = options.captures === true;
  const key = `${dialect}\u0000${captures ? 1 : 0}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let result: CompileResult;
  try {
    result = compileUncached(dialect, pattern, captures);
  } catch (error) {
    // A compiler bug must not take the ruleset down: report it against the pattern.
    result = { ok: false, code: "ERR_INTERNAL", message: `Cannot compile ${dialect} pattern (internal error): ${errorMessage(error)}` };
  }
  cache.set(key, result);
  return result;
}

/** Number of distinct compiled patterns held (for the engine's report). */
export function compiledPatternCount(): number {
  return cache.size;
}
