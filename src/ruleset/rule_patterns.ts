/**
 * The pattern compiler rules use: ruleset/regex behind the rules' CompilePattern interface,
 * without captures (Wazuh compiles rule patterns without OS_RETURN_SUBSTRING), with a cache
 * so a pattern shared by many rules is compiled once. Never throws.
 */
import { compilePattern } from "./regex/mod.ts";
import type { CompilePattern, CompileResult } from "./rules/mod.ts";

export function createRulePatternCompiler(): CompilePattern {
  const cache = new Map<string, CompileResult>();
  return (dialect, pattern) => {
    const key = `${dialect}\u0000${pattern}`;
    let result = cache.get(key);
    if (!result) {
      result = compileOne(dialect, pattern);
      cache.set(key, result);
    }
    return result;
  };
}

function compileOne(dialect: Parameters<CompilePattern>[0], pattern: string): CompileResult {
  try {
    const r = compilePattern(dialect, pattern, { captures: false });
    if (!r.ok) return { ok: false, message: r.message };
    // The regex Matcher already has test(): no wrapper on the hot path.
    return { ok: true, matcher: r.matcher };
  } catch (error: unknown) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
