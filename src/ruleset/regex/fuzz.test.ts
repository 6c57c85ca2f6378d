// Seeded fuzz: random patterns of every dialect (valid or not) and random, hostile or
// malformed inputs. Compilation never throws; matching never throws, test() agrees with
// exec(), `end` stays within the input, captures are strings, and nothing runs long.
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { compilePattern } from "./mod.ts";
import type { Dialect, MatchResult } from "./mod.ts";
import { seededRandom as prng } from "../../../test/harness/seeded_random.ts";

const PIECES: Readonly<Record<Dialect, readonly string[]>> = {
  osregex: ["\\w", "\\d", "\\s", "\\S", "\\p", "\\.", "\\W", "\\D", "\\t", "\\(", "\\$", "+", "*", "(", ")", "|", "^", "$", "a", "b", " ", ":", ".", "=", "\\x", "\\"],
  osmatch: ["a", "B", "|", "^", "$", "!", "\\S+", ".", " ", "x", "(", "é"],
  sregex: ["a", "|", "^", "$", "!", "b"],
  pcre2: ["a", "b", "\\d", "\\w", "\\s", "\\S", ".", "+", "*", "?", "{2,3}", "{", "(", ")", "(?:", "(?i)", "(?=", "(?<n>", "|", "^", "$", "[a-c]", "[^x]", "\\1", "++", "(?>", "\\h", "\\Q", "\\E", "[[:alpha:]]", "\\x{41}", "\\"],
};
const CHARS = ["a", "b", " ", ":", "1", "\t", "\n", "(", ")", "é", "\u0000", "\ud800", "A", "=", "."];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

function input(rnd: () => number): string {
  const kind = rnd();
  if (kind < 0.1) return pick(rnd, ["a", " ", "ab "]).repeat(1 + Math.floor(rnd() * 20_000));
  let s = "";
  const n = Math.floor(rnd() * 60);
  for (let i = 0; i < n; i++) s += pick(rnd, CHARS);
  return s;
}

for (const dialect of ["osregex", "osmatch", "sregex", "pcre2"] as const) {
  test(`fuzz: ${dialect} never throws and stays consistent`, () => {
    const rnd = prng(0x5eed + dialect.length);
    let compiled = 0;
    for (let k = 0; k < 250; k++) {
      let pattern = "";
      const n = 1 + Math.floor(rnd() * 10);
      for (let i = 0; i < n; i++) pattern += pick(rnd, PIECES[dialect]);
      const r = compilePattern(dialect, pattern, { captures: rnd() < 0.5 });
      if (!r.ok) {
        assert.match(r.code, /^REGEX_/);
        continue;
      }
      compiled++;
      for (let j = 0; j < 12; j++) {
        const s = input(rnd);
        const c0 = process.cpuUsage();
        const m: MatchResult | null = r.matcher.exec(s);
        assert.equal(r.matcher.test(s), m !== null, `${pattern} on ${JSON.stringify(s.slice(0, 40))}`);
        const c = process.cpuUsage(c0);
        // A runaway (exponential) run takes seconds at least; quadratic ones such as \h++[^x]
        // on 20,000 spaces take tens to hundreds of ms depending on the machine.
        assert.ok((c.user + c.system) / 1000 < 1500, `${pattern} slow`);
        if (m !== null) {
          assert.ok(m.end >= 0 && m.end <= s.length, `${pattern} end ${m.end}`);
          assert.ok(m.captures.every((x: string) => typeof x === "string"));
        }
      }
    }
    assert.ok(compiled > 50, `only ${compiled} patterns compiled`);
  });
}
