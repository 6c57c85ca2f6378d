// `[^c]*c...` PCRE2 patterns searched without the prefix give the answers of the whole
// pattern: match, end and groups, on random subjects dense in `c` and near-misses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "../../../test/harness/seeded_random.ts";
import { compilePattern, type MatchResult } from "./mod.ts";
import { segmentRest } from "./pcre2_segment.ts";
import { translatePcre2 } from "./pcre2_translate.ts";

test("pcre2 segment: which patterns lose their [^c]* prefix", () => {
  assert.equal(segmentRest("[^%]*%FTD-[0-7]-[^:\\s]+[:\\s].*"), "%FTD-[0-7]-[^:\\s]+[:\\s].*");
  assert.equal(segmentRest("[^%]*%"), "%");
  assert.equal(segmentRest("[^:]*:(\\d+)"), ":(\\d+)");
  for (const kept of ["[^%]*%?FTD", "[^%]*%+x", "[^%]*%{2}", "[^%]*%a|b", "[^%]*%\\Gx", "[^%]+%x", "[^%]*x", "[^\\d]*\\d", "^[^%]*%x", "[^.]*.x", "[^%]*?%x"]) {
    assert.equal(segmentRest(kept), null, kept);
  }
});

test("pcre2 segment: the shortened search answers as the whole pattern", () => {
  const patterns = ["[^%]*%FTD-[0-7]-[^:\\s]+[:\\s].*", "[^%]*%FTD-4-411001[:\\s].*", "[^%]*%", "[^:]*:(\\d+)(x)?", "[^-]*-(?i)ab(?=c)", "[^%]*%F$"];
  const rnd = seededRandom(411001);
  const int = (n: number) => Math.floor(rnd() * n);
  const pieces = ["%", "%FTD-", "%FTD-4-", "%FTD-4-411001", "FTD", "-", ":", " ", "\n", "4", "ab", "c", "x", "F", "zz"];
  let checks = 0;
  for (const pattern of patterns) {
    assert.notEqual(segmentRest(pattern), null, pattern);
    const t = translatePcre2(pattern);
    assert.ok(t.ok);
    const whole = new RegExp(t.source, t.flags);
    const wholeNl = t.sourceFinalNewline === null ? whole : new RegExp(t.sourceFinalNewline, t.flags);
    const c = compilePattern("pcre2", pattern, { captures: true });
    assert.ok(c.ok);
    for (let i = 0; i < 3000; i++) {
      const input = Array.from({ length: int(12) }, () => pieces[int(pieces.length)]).join("");
      const m = (input.endsWith("\n") ? wholeNl : whole).exec(input);
      const got: MatchResult | null = c.matcher.exec(input);
      const want = m === null ? null : { end: m.index + m[0].length, captures: m.slice(1).map((g) => g ?? "") };
      const label = `${pattern} on ${JSON.stringify(input)}`;
      assert.equal(got === null, want === null, label);
      assert.equal(c.matcher.test(input), want !== null, label);
      if (got !== null && want !== null) {
        assert.equal(got.end, want.end, label);
        assert.deepEqual(got.captures, want.captures.slice(0, got.captures.length), label);
      }
      checks++;
    }
  }
  assert.ok(checks >= 18_000);
});
