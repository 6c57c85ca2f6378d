// OS_Match / sregex (semantics §2.2): literals, anchors, alternation, negation, case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compilePattern } from "./mod.ts";
import type { Dialect } from "./mod.ts";

function m(pattern: string, input: string, dialect: Dialect = "osmatch"): boolean {
  const r = compilePattern(dialect, pattern);
  assert.ok(r.ok);
  const t = r.matcher.test(input);
  assert.equal(r.matcher.exec(input) !== null, t, "exec and test agree");
  return t;
}

test("osmatch: contains, starts, ends, equals", () => {
  assert.ok(m("fail", "login failed"));
  assert.ok(m("^login", "login failed") && !m("^failed", "login failed"));
  assert.ok(m("failed$", "login failed") && !m("login$", "login failed"));
  assert.ok(m("^sshd$", "sshd") && !m("^sshd$", "sshd2") && !m("^sshd$", "xsshd"));
});

test("osmatch: case-insensitive for ASCII only", () => {
  assert.ok(m("FAILED PASSWORD", "Failed password for root"));
  assert.ok(m("^SSHD$", "sshd"));
  assert.ok(!m("\u00e9t\u00e9", "\u00c9T\u00c9"));
  assert.ok(m("\u00e9T\u00e9", "\u00e9t\u00e9"));
});

test("osmatch: alternation, empty alternatives, negation", () => {
  assert.ok(m("foo|bar|baz", "xbazx") && !m("foo|bar", "baz"));
  assert.ok(m("^foo|bar$", "foox") && m("^foo|bar$", "xbar") && !m("^foo|bar$", "xfoo"));
  assert.ok(m("", "anything") && m("", ""));
  assert.ok(m("abc|", "zzz"), "an empty alternative matches anything");
  assert.ok(!m("!abc", "xabcx") && m("!abc", "xyz"));
  assert.ok(!m("!abc|def", "def") && m("!abc|def", "ghi"));
  assert.ok(m("^$", "") && !m("^$", "x"));
  assert.ok(m("^", "x") && m("$", "x"));
});

test("osmatch: every other character is literal", () => {
  assert.ok(m("\\S+", "a\\S+b") && !m("\\S+", "abc"), "\\S+ is three literal characters");
  assert.ok(m("\\(", "a\\(b"));
  assert.ok(m("..\\..", "GET /..\\.. HTTP"));
  assert.ok(m("a.*b", "xa.*by") && !m("a.*b", "axxb"));
  assert.ok(m("[x]?(y)", "[X]?(Y)"));
  assert.ok(m("a^b$c", "a^b$c"), "inner ^ and $ are literal");
});

test("sregex: the same language under its other name", () => {
  const r = compilePattern("sregex", "^Sshd|cron$");
  assert.ok(r.ok && r.matcher.dialect === "sregex");
  assert.ok(r.matcher.test("sshd[1]") && r.matcher.test("anacron") && !r.matcher.test("xsshd"));
});

test("osmatch: exec reports the end of the first matching alternative", () => {
  const r = compilePattern("osmatch", "zz|Bc|^a");
  assert.ok(r.ok);
  assert.deepEqual(r.matcher.exec("abcd"), { captures: [], end: 3 });
  assert.equal(r.matcher.groupCount, 0);
});
