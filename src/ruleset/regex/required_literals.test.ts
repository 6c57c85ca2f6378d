import { test } from "node:test";
import assert from "node:assert/strict";
import { compilePattern, mayContain, type Dialect, type RequiredLiterals } from "./mod.ts";
import { pcre2RequiredLiterals } from "./pcre2_literals.ts";
import { compileOsRegex } from "./os_regex_compile.ts";
import { NO_MATCH, runAlternative } from "./os_regex_exec.ts";

function literalsOf(dialect: Dialect, source: string, captures = false): RequiredLiterals | undefined {
  const r = compilePattern(dialect, source, { captures });
  assert.ok(r.ok, source);
  return r.matcher.literals;
}

test("OS_Regex literals: every literal run of each alternative, in order; escapes, groups and non-ASCII end a run", () => {
  assert.deepEqual(literalsOf("osregex", "^Failed \\S+ for (\\S+) from"), [{ runs: ["failed ", " for ", " from"], anchored: true }]);
  assert.deepEqual(literalsOf("osregex", "a.b+\\d+c|^x\\$y$|^\\d+x"), [{ runs: ["a.b+", "c"], anchored: false }, { runs: ["x"], anchored: true }, { runs: ["x"], anchored: false }]);
  assert.deepEqual(literalsOf("osregex", "ab\u00e9cd"), [{ runs: ["ab", "cd"], anchored: false }]);
  assert.equal(literalsOf("osregex", "\\d+|abc"), undefined);
  assert.equal(literalsOf("osregex", ""), undefined);
  assert.equal(literalsOf("osmatch", "abc"), undefined, "OS_Match is a literal search already");
});

test("OS_Regex literals: a final literal right after an escape is not required (Wazuh ends the match before it)", () => {
  assert.equal(literalsOf("osregex", "\\W+\\t\\(b"), undefined);
  assert.deepEqual(literalsOf("osregex", "^%%\\d\\d\\S+/\\d/\\S+\\(\\w\\):"), [{ runs: ["%%", "/", "/"], anchored: true }]);
  // The matcher agrees: these inputs lack the dropped literal and still match.
  const m = compilePattern("osregex", "\\S+\\(\\w\\):", { captures: false });
  assert.ok(m.ok);
  assert.equal(m.matcher.test("x(((a("), true);
  const doc = compilePattern("osregex", "\\W+\\t\\(b", { captures: false });
  assert.ok(doc.ok);
  assert.equal(doc.matcher.test("-(=-)\t2"), true);
  // Not a tail: two literals after the escape, or a quantifier, stay required.
  assert.deepEqual(literalsOf("osregex", "\\S+\\(\\w\\):x"), [{ runs: ["(", "):x"], anchored: false }]);
});

test("OS_Regex literals: a one-character escape counts only when a required literal follows it", () => {
  assert.deepEqual(literalsOf("osregex", "^\\(pam_unix\\)"), [{ runs: ["(pam_unix"], anchored: true }]);
  assert.deepEqual(literalsOf("osregex", "by (\\S+)\\(uid=(\\d+)\\)"), [{ runs: ["by ", "(uid="], anchored: false }]);
  assert.deepEqual(literalsOf("osregex", "a\\t\\$\\|\\<\\\\bc"), [{ runs: ["a\t$|<\\bc"], anchored: false }]);
  // Wazuh accepts a failed final escape: the ")" is not required here.
  assert.deepEqual(literalsOf("osregex", "^\\w+\\w(:\\))"), [{ runs: [":"], anchored: false }]);
  const m = compilePattern("osregex", "^\\w+\\w(:\\))", { captures: false });
  assert.ok(m.ok);
  assert.equal(m.matcher.test("-1:("), true);
});

test("PCRE2 literals: only mandatory top-level literals", () => {
  assert.deepEqual(literalsOf("pcre2", "(?i)^Failed\\s(\\S+) for x?y+z"), [{ runs: ["failed", " for ", "y", "z"], anchored: true }]);
  assert.deepEqual(pcre2RequiredLiterals("[^%]*%FTD-[0-7]-"), [{ runs: ["%ftd-", "-"], anchored: false }]);
  assert.equal(pcre2RequiredLiterals("(?m)^abc")?.[0]?.anchored, false);
  assert.equal(pcre2RequiredLiterals("^a?bc")?.[0]?.anchored, false);
  for (const unsure of ["a|b", "(?x)a b", "(*UTF)\\N{U+202E}", "\\x41bc", "a\\1b", "a{x}", "^a(?x) b c"]) {
    assert.equal(pcre2RequiredLiterals(unsure), undefined, unsure);
  }
  assert.deepEqual(pcre2RequiredLiterals("ab{2,3}cd{0,}e"), [{ runs: ["a", "c", "e"], anchored: false }]);
  assert.deepEqual(pcre2RequiredLiterals("\\d+ foo\\.bar"), [{ runs: [" foo.bar"], anchored: false }]);
});

test("mayContain() wants each alternative's runs in order, anchored ones at the start", () => {
  const alt = (runs: string[], anchored = false) => ({ runs, anchored });
  assert.equal(mayContain([alt(["ab", "cd"])], "xxabyycd"), true);
  assert.equal(mayContain([alt(["ab", "cd"])], "cdab"), false);
  assert.equal(mayContain([alt(["zz"]), alt(["cd"])], "cdab"), true);
  assert.equal(mayContain([alt(["ab"], true)], "xab"), false);
  assert.equal(mayContain([alt(["ab"], true)], "xab", false), true);
  assert.equal(mayContain([alt(["ab", "b"], true)], "abb"), true);
});

/** Deterministic PRNG (LCG): the same random patterns on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const TOKENS = ["a", "b", ":", "x", "\\(", "\\)", "\\t", "\\$", "\\\\", "\\|", "\\<", "\\w", "\\w+", "\\w*", "\\S+", "\\S*", "\\W+", "\\d", "\\s", "\\p", "\\.", "\\.+", "\\(+", "\\)*", "\\t+"];
const UNITS = ["a", "b", "A", ":", "x", "(", ")", "\t", "$", "\\", "|", "<", " ", "1", "-", "="];

function randomPattern(rnd: () => number): string {
  const pick = (a: readonly string[]) => a[Math.floor(rnd() * a.length)] as string;
  let p = rnd() < 0.3 ? "^" : "";
  let open = false;
  for (let i = 0, n = 1 + Math.floor(rnd() * 8); i < n; i++) {
    if (rnd() < 0.15) {
      p += open ? ")" : "(";
      open = !open;
    }
    p += pick(TOKENS);
  }
  return p + (open ? ")" : "") + (rnd() < 0.2 ? "$" : "");
}

test("OS_Regex literals never rule out a subject the bare interpreter accepts (random patterns and subjects)", () => {
  const rnd = lcg(20261129);
  let matchedWithLiterals = 0;
  for (let t = 0; t < 20_000; t++) {
    const pattern = randomPattern(rnd);
    const c = compileOsRegex(pattern, rnd() < 0.5);
    if (!c.ok) continue;
    const alt = c.program.alternatives[0];
    if (!alt || alt.requiredRuns.length === 0) continue;
    const literals = [{ runs: alt.requiredRuns, anchored: alt.anchoredLiteral }];
    for (let k = 0; k < 20; k++) {
      let subject = "";
      for (let i = 0, n = Math.floor(rnd() * 9); i < n; i++) subject += UNITS[Math.floor(rnd() * UNITS.length)] as string;
      const prts = c.program.capture ? new Int32Array(alt.parenCount).fill(-1) : null;
      // No prefilter, no budget: the interpreter alone decides.
      if (runAlternative(alt, subject, { budget: Number.MAX_SAFE_INTEGER, prts }) === NO_MATCH) continue;
      matchedWithLiterals++;
      assert.ok(mayContain(literals, subject.toLowerCase()), `${JSON.stringify(pattern)} matches ${JSON.stringify(subject)}`);
    }
  }
  assert.ok(matchedWithLiterals > 1000, `only ${matchedWithLiterals} matches exercised`);
});
