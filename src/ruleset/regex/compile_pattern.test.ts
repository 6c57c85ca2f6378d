// compilePattern(): dialect dispatch, caching and failure shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compilePattern, compiledPatternCount } from "./mod.ts";
import type { Dialect } from "./mod.ts";

test("compilePattern() caches by dialect, pattern and options", () => {
  const a = compilePattern("osregex", "cache (\\d+)", { captures: true });
  const b = compilePattern("osregex", "cache (\\d+)", { captures: true });
  const c = compilePattern("osregex", "cache (\\d+)");
  const d = compilePattern("pcre2", "cache (\\d+)");
  assert.ok(a.ok && b.ok && c.ok && d.ok);
  assert.equal(a.matcher, b.matcher);
  assert.notEqual(a.matcher, c.matcher);
  assert.notEqual(a.matcher, d.matcher);
  assert.ok(compiledPatternCount() >= 3);
});

test("compilePattern() rejects an unknown dialect with a code and a hint", () => {
  const r = compilePattern("posix" as Dialect, "x");
  assert.ok(!r.ok && r.code === "REGEX_UNKNOWN_DIALECT" && r.hint !== undefined);
});

test("matchers never throw on odd input", () => {
  const inputs = ["", "\u0000", "\ud800", "\uffff".repeat(100), "a\u0000b", "é".repeat(1000)];
  for (const [d, p] of [["osregex", "(\\S+)\\s(\\.*)$"], ["osmatch", "^a|b$"], ["pcre2", "(?i)^(.+?)\\s*$"], ["sregex", "!x"]] as const) {
    const r = compilePattern(d, p, { captures: true });
    assert.ok(r.ok);
    for (const s of inputs) assert.doesNotThrow(() => { r.matcher.test(s); r.matcher.exec(s); });
  }
});
