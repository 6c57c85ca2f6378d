// OS_Regex: syntax (semantics §2.3.1), matching order and quirks (§2.3.2), end offsets
// (§2.3.3), captures, and the oddities of §4.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compilePattern, regexGuardStats, withSharedStepBudget } from "./mod.ts";
import type { Matcher } from "./mod.ts";

function re(pattern: string, captures = true): Matcher {
  const r = compilePattern("osregex", pattern, { captures });
  assert.ok(r.ok, `${pattern}: ${r.ok ? "" : r.message}`);
  return r.matcher;
}
const caps = (pattern: string, input: string) => re(pattern).exec(input)?.captures ?? null;
const end = (pattern: string, input: string) => re(pattern).exec(input)?.end ?? null;
const matches = (pattern: string, input: string) => re(pattern, false).test(input);

test("osregex: token classes", () => {
  assert.ok(matches("^\\w+$", "Az09-@_"));
  assert.ok(!matches("^\\w+$", "a.b"));
  assert.ok(matches("^\\d\\d$", "42"));
  assert.ok(matches("^a\\sb$", "a b"));
  assert.ok(!matches("^a\\sb$", "a\tb"), "\\s is a space only");
  assert.ok(matches("^a\\tb$", "a\tb"));
  assert.ok(matches("^\\p+$", "!\"#$%&'()*+,-.:;<=>?[]{|}"));
  for (const c of ["/", "@", "\\", "^", "_", "`", "~"]) assert.ok(!matches("^\\p$", c), `\\p excludes ${c}`);
  assert.ok(matches("^\\W\\D\\S$", "\t\u00e9x"));
  assert.ok(matches("^a\\.c$", "a\nc"), "\\. is any character");
  assert.ok(matches("^\\$\\(\\)\\\\\\|\\<$", "$()\\|<"));
});

test("osregex: literal dot, plus and star; ^ and $ only at alternative edges", () => {
  assert.ok(matches("^a.c$", "a.c"));
  assert.ok(!matches("^a.c$", "abc"), ". is a literal dot");
  assert.ok(matches("a+", "a+") && !matches("a+", "aa"), "+ after a literal is literal");
  assert.ok(matches("^[**] ", "[**] x"), "snort's ^[**] is literal");
  assert.ok(matches("x^y", "x^y") && matches("x$y", "x$y"));
  assert.ok(matches("^abc", "abcd") && !matches("^abc", "xabc"));
  assert.ok(matches("abc$", "xabc") && !matches("abc$", "abcx"));
  assert.ok(matches("^abc$", "ABC"), "case-insensitive");
  assert.ok(!matches("^\u00e9$", "\u00c9"), "non-ASCII compares as is");
  assert.ok(matches("[a]{1}?", "[A]{1}?"), "brackets, braces and ? are literal");
});

test("osregex: invalid patterns are rejected like Wazuh rejects them", () => {
  for (const [p, code] of [["a\\-", "REGEX_OSREGEX_BAD_ESCAPE"], ["\\/", "REGEX_OSREGEX_BAD_ESCAPE"], ["\\n", "REGEX_OSREGEX_BAD_ESCAPE"],
    ["a\\", "REGEX_OSREGEX_BAD_ESCAPE"], ["((a))", "REGEX_OSREGEX_BAD_GROUP"], ["(a", "REGEX_OSREGEX_BAD_GROUP"], ["a)", "REGEX_OSREGEX_BAD_GROUP"],
    ["(a|b)", "REGEX_OSREGEX_BAD_GROUP"], ["x".repeat(20481), "REGEX_TOO_LONG"]] as const) {
    const r = compilePattern("osregex", p);
    assert.ok(!r.ok && r.code === code, `${p.slice(0, 20)} → ${r.ok ? "ok" : r.code}`);
  }
  assert.ok(compilePattern("osregex", "x".repeat(20480)).ok);
});

test("osregex: alternatives are tried in order, each over the whole input", () => {
  assert.deepEqual(caps('type="(\\.*)"|type=(\\.*)\\s', 'type=event ... tunneltype="ssl-web"'), ["ssl-web"]);
  assert.deepEqual(caps("(b)|(a)", "ab"), ["b"]);
});

test("osregex: one-token look-ahead, no look past an optional token", () => {
  assert.equal(caps("^\\s*(\\S+)\\s*:", "abc: x"), null, "the : is eaten by \\S+");
  assert.deepEqual(caps("^\\s*(\\S+)\\s*:", "abc : x"), ["abc"]);
  assert.deepEqual(caps("user (\\S+) from (\\S+)", "Failed password for user root from 1.2.3.4 port 22"), ["root", "1.2.3.4"]);
  assert.deepEqual(caps("^(\\S+) (\\S+)", "ab cd ef"), ["ab", "cd"]);
  assert.deepEqual(caps("(\\w+): (\\.+): (\\.+)", "a: b: c: d"), ["a", "b", "c: d"]);
});

test("osregex: the capture differences of semantics §2.3.4 are Wazuh's", () => {
  // C hands \t* over to \.* at the tab, which then swallows it (panda paps).
  assert.deepEqual(caps("MWName=\\t*(\\.*)\\t", "MWName=\tTrj/GdSda.A\tMWType=x"), ["\tTrj/GdSda.A"]);
  // The sudo decoders' =(\S+)\s*: : \S+ eats the colon, so no match where JavaScript has one.
  assert.equal(caps("=(\\S+)\\s*:", "x=abc: y"), null);
  assert.equal(caps("^(\\S+):(\\d+)", "a::1"), null, "redis: no second hand-over after a back-track");
});

test("osregex: a failing last escape can end the match early, skipping a final literal", () => {
  // Checked against Wazuh's C loop: neither "(" nor "b" follows the tab.
  assert.equal(end("\\W+\\t\\(b", "-(=-)\t2"), 7);
  assert.equal(end("\\w+\\t\\db", "a\tx"), null);
});

test("osregex: adjacent groups never match; empty groups", () => {
  assert.equal(caps("(\\w+)(\\d)", "abc1"), null);
  assert.deepEqual(caps("x(\\d*)y", "xy"), [""], "an empty group in the middle is \"\"");
  assert.deepEqual(caps("x(\\d*)", "x"), [], "an empty group at the very end is not returned");
});

test("osregex: end offsets (semantics §2.3.3)", () => {
  assert.equal(end("abc", "xabcd"), 4, "literal end: just after the match");
  assert.equal(end("ab\\d", "ab1z"), 3, "unquantified escape: natural");
  assert.equal(end("\\w+", "abc def"), 4, "run stopped before the end: one past the first unmatched");
  assert.equal(end("(\\d+)", "x 123"), 3, "run to the end: the first character of the run, plus one");
  assert.equal(end("x\\d*", "x"), 1, "\\X* that matched nothing at the end");
  assert.equal(end("^", "abc"), 1, "an empty pattern ends at the start");
});

test("osregex: captures only when compiled with captures, and do not change test()", () => {
  const m = re("user (\\S+)", false);
  assert.deepEqual(m.exec("user root")?.captures, []);
  assert.equal(m.groupCount, 0);
  assert.equal(re("user (\\S+)").groupCount, 1);
});

test("osregex: whitespace and newlines in a pattern are significant", () => {
  assert.ok(!matches(" sshd", "sshd"));
  assert.ok(matches("4624|\n    4625", "4624"));
  assert.ok(!matches("4624|\n    4625", "4625"), "newline + indentation make that alternative unmatchable");
});

test("osregex: a crashing Wazuh case does not throw here", () => {
  const m = re(" (\\S*)$");
  assert.doesNotThrow(() => m.exec("x y "));
  assert.doesNotThrow(() => m.exec(""));
});

test("osregex: empty input and empty pattern", () => {
  assert.ok(matches("", "") && matches("", "abc"));
  assert.ok(!matches("a", ""));
  assert.ok(matches("\\d*", ""));
});

test("osregex: withSharedStepBudget gives the calls inside it one budget, then the linear translation", () => {
  const hostile = ("a".repeat(999) + " b").repeat(5); // quadratic for a\S+b: exhausts any budget
  const quirk = re("^\\w+\\w(:\\))", false); // matches "-1:(" in Wazuh; its translation does not
  const exhausted = () => regexGuardStats().osregexBudgetExhausted;
  const outside = exhausted();
  assert.ok(!matches("a\\S+b", hostile) && quirk.test("-1:("));
  assert.equal(exhausted(), outside + 1, "per call: only the hostile call runs out");
  withSharedStepBudget(() => {
    const before = exhausted();
    assert.ok(!matches("a\\S+b", hostile));
    assert.ok(matches("a\\S+b", "x a123b"), "an ordinary answer stays right");
    assert.equal(quirk.test("-1:("), false, "nothing left: the translation's answer");
    withSharedStepBudget(() => assert.equal(quirk.test("-1:("), false, "a nested scope is the outer one"));
    assert.equal(exhausted(), before + 4);
  });
  assert.throws(() => withSharedStepBudget(() => {
    matches("a\\S+b", hostile);
    throw new Error("boom");
  }));
  assert.ok(quirk.test("-1:("), "the scope closes, even on a throw");
  assert.ok(withSharedStepBudget(() => quirk.test("-1:(")), "within budget: the exact answer");
});
