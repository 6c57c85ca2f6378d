// PCRE2 (semantics §2.4): options, PCRE2-specific escapes and classes, groups and numbering,
// atomic/possessive emulation, `$` before a final newline, and inexpressible constructs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compilePattern } from "./mod.ts";
import type { MatchResult } from "./mod.ts";

function exec(pattern: string, input: string): MatchResult | null {
  const r = compilePattern("pcre2", pattern, { captures: true });
  assert.ok(r.ok, `${pattern}: ${r.ok ? "" : r.message}`);
  return r.matcher.exec(input);
}
const ok = (pattern: string, input: string) => exec(pattern, input) !== null;

test("pcre2: case-sensitive unless (?i), leading or in the middle", () => {
  assert.ok(!ok("^abc$", "ABC"));
  assert.ok(ok("(?i)^abc$", "ABC"));
  assert.ok(ok("^(?i)test_pcre2_0$", "TEST_PCRE2_0"));
  assert.ok(ok("abc(?i)def", "abcDEF") && !ok("abc(?i)def", "ABCdef"), "(?i) applies to what follows");
  assert.ok(ok("abc(?i)def|ghi", "GHI"), "and to later alternatives of the same group");
  assert.ok(ok("(?i:ab)c", "ABc") && !ok("(?i:ab)c", "ABC"));
  assert.ok(ok("(?i)a(?-i)b", "Ab") && !ok("(?i)a(?-i)b", "AB"));
});

test("pcre2: caseless matching is ASCII-only and covers classes, escapes and scopes", () => {
  assert.ok(ok("(?i)^[a-c]+$", "aBC") && !ok("^[a-c]+$", "B"));
  assert.ok(ok("(?i)^[X-z]+$", "xYZ_") && ok("(?i)^[[:upper:]]$", "q"));
  assert.ok(ok("(?i)^\\x41$", "a") && ok("(?i)^\\Qab\\E$", "AB"));
  assert.ok(!ok("(?i)^\u00e9$", "\u00c9"), "non-ASCII letters are not folded");
  assert.ok(ok("(?i)(a)\\1", "aA") && !ok("(a)\\1", "aA"), "backreferences compare caselessly under (?i)");
  assert.ok(ok("a(?i:b(?-i:c)d)e", "aBcDe") && !ok("a(?i:b(?-i:c)d)e", "aBCDe"));
  assert.ok(!ok("(?i:a)b", "aB"));
  assert.equal(compilePattern("pcre2", "(?i)^failed \\S+ for (\\S+)$").ok, true);
});

test("pcre2: s, m, x, U and n options", () => {
  assert.ok(!ok("a.b", "a\nb") && ok("(?s)a.b", "a\nb"));
  assert.ok(ok("a.b", "a\rb"), ". only stops at \\n");
  assert.ok(ok("(?m)^b$", "a\nb\nc") && !ok("^b$", "a\nb\nc"));
  assert.ok(ok("(?x) a b # comment\n c", "abc"));
  assert.deepEqual(exec("(?U)a(.+)b", "axbxb")?.captures, ["x"]);
  assert.deepEqual(exec("(?mUs)^a.+b$", "xx\naxxbxxb\n")?.end, 10);
  assert.deepEqual(exec("(?n)(a)(?<x>b)", "ab")?.captures, ["b"]);
});

test("pcre2: anchors \\A \\z \\Z and $ before a final newline", () => {
  assert.ok(ok("\\Aabc\\z", "abc") && !ok("\\Aabc\\z", "abc\n"));
  assert.ok(ok("abc$", "abc\n"), "PCRE2 $ matches before a final newline");
  assert.ok(ok("abc\\Z", "abc\n") && !ok("abc$", "abc\n\n"));
  assert.equal(exec("abc$", "abc\n")?.end, 3);
});

test("pcre2: escapes with PCRE2's 8-bit meanings", () => {
  assert.ok(ok("^\\s$", "\t") && !ok("^\\s$", "\u00a0"), "\\s is ASCII white space");
  assert.ok(ok("^\\h$", "\u00a0") && ok("^\\h$", "\t") && !ok("^\\h$", "\n"));
  assert.ok(ok("^\\v$", "\r") && ok("a\\Rb", "a\r\nb"));
  assert.ok(ok("^\\N$", "x") && !ok("^\\N$", "\n"));
  assert.ok(ok("^\\x41\\x{42}\\o{103}\\x44\\011$", "ABCD\t"));
  assert.ok(ok("(*UTF)\\N{U+202E}", "file\u202Etxt.exe"));
  assert.ok(ok("^\\Qa.b\\E$", "a.b") && !ok("^\\Qa.b\\E$", "axb"));
  assert.ok(ok("\\e\\a", "\u001b\u0007"));
  assert.ok(ok("\\bsudo\\b", "x sudo y") && !ok("\\bsudo\\b", "xsudoy"));
});

test("pcre2: character classes", () => {
  assert.ok(ok("^[[:alpha:]]+[[:digit:]]$", "abc1"));
  assert.ok(ok("^[^]a]$", "b") && !ok("^[^]a]$", "]"));
  assert.ok(ok("^[]a]$", "]"));
  assert.ok(ok("^[a\\S]$", "x") && !ok("^[a\\S]$", " "));
  assert.ok(ok("^[\\w.-]+$", "a.b-c"));
  assert.ok(ok("^[[:^digit:]]$", "x") && !ok("^[[:^digit:]]$", "1"));
  assert.ok(ok("^[\\h]$", "\t"));
});

test("pcre2: named and numbered groups keep PCRE2's numbering", () => {
  assert.deepEqual(exec("(?<user>\\w+)@(?P<host>[\\w.]+)", "bob@ex.com")?.captures, ["bob", "ex.com"]);
  assert.deepEqual(exec("(?'a'x)(y)", "xy")?.captures, ["x", "y"]);
  assert.deepEqual(exec("(a)(?>(b)+)(c)", "abbc")?.captures, ["a", "b", "c"], "helper groups are hidden");
  assert.deepEqual(exec("(a)|(b)", "b")?.captures, ["", "b"], "an unset group before a set one is \"\"");
  assert.deepEqual(exec("(a)|(b)", "a")?.captures, ["a"], "groups after the last set one are dropped");
  assert.ok(ok("(a)x\\1", "axa") && ok("(?<n>a)\\k<n>", "aa") && ok("(?P<n>a)(?P=n)", "aa"));
  assert.ok(ok("(a)(b)\\g{-1}\\g1", "abba"));
});

test("pcre2: possessive quantifiers and atomic groups do not give back", () => {
  assert.ok(!ok("^a++a$", "aaa"), "a++ keeps every a");
  assert.ok(ok("^a+a$", "aaa"));
  assert.ok(!ok("^(?>a+)a$", "aaa"));
  assert.ok(ok("x*+y", "xxy"));
  assert.ok(ok("^a{2,3}+$", "aaa") && !ok("^a{1,3}+a$", "aaa"));
});

test("pcre2: quantifiers, lazy and literal braces", () => {
  assert.equal(exec("a{2,3}?", "aaa")?.end, 2);
  assert.ok(ok("^a{,3}$", "a{,3}"), "{,n} is literal");
  assert.ok(ok("^\\d+(?:\\.\\d+){3}$", "1.2.3.4"));
  assert.ok(ok("foo(?=bar)", "foobar") && !ok("foo(?!bar)", "foobar"));
  assert.ok(ok("(?<=a)b", "ab"));
  assert.ok(!ok("(*FAIL)|x", "y") && ok("(*F)|x", "x"));
});

test("pcre2: invalid or inexpressible patterns give a diagnostic, never a throw", () => {
  const cases: [string, string][] = [["(", "REGEX_PCRE2_SYNTAX"], ["a)", "REGEX_PCRE2_SYNTAX"], ["*a", "REGEX_PCRE2_SYNTAX"], ["[a", "REGEX_PCRE2_SYNTAX"],
    ["\\y", "REGEX_PCRE2_SYNTAX"], ["(a)\\2", "REGEX_PCRE2_SYNTAX"], ["(?(1)a|b)", "REGEX_PCRE2_UNSUPPORTED"], ["a\\Kb", "REGEX_PCRE2_UNSUPPORTED"],
    ["(?R)", "REGEX_PCRE2_UNSUPPORTED"], ["(?|a)", "REGEX_PCRE2_UNSUPPORTED"], ["(*SKIP)a", "REGEX_PCRE2_UNSUPPORTED"], ["\\p{L}", "REGEX_PCRE2_UNSUPPORTED"],
    ["(*CRLF)a", "REGEX_PCRE2_UNSUPPORTED"], ["[^a\\S]", "REGEX_PCRE2_SYNTAX"]];
  for (const [p, code] of cases) {
    const r = compilePattern("pcre2", p);
    assert.ok(!r.ok, `${p} should fail`);
    assert.equal(r.code, code, `${p}: ${r.message}`);
    assert.match(r.message, /^Cannot /);
  }
});

test("pcre2: approximations are reported as notes", () => {
  const r = compilePattern("pcre2", "(*UTF)x");
  assert.ok(r.ok && r.notes.length === 1 && r.notes[0]?.code === "REGEX_PCRE2_APPROXIMATED");
});
