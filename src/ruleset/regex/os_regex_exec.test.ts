// The OS_Regex interpreter's start-position skipping is exact: an alternative that starts
// with a literal gives the same end and captures as the same code walked from every position
// (what Wazuh's C loop does), on mixed-case subjects where one case form of the literal is
// absent, rare or everywhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "../../../test/harness/seeded_random.ts";
import { compileOsRegex } from "./os_regex_compile.ts";
import type { OsRegexAlternative } from "./os_regex_compile.ts";
import { runAlternative } from "./os_regex_exec.ts";

const PATTERNS = [
  "a\\w+b", "ab", "x\\d*y", "a(\\w+)-(\\d+)", "k\\S+ \\S+z", "%\\w+-\\d-\\w+: ", "[\\d+]", "b\\.+a", "aa\\s*a", "é\\w+",
];
const ALPHABET = "aAbBxXyYkKzZ%[]-: 01é\t";

function run(alt: OsRegexAlternative, input: string, capture: boolean): string {
  const prts = capture ? new Int32Array(alt.parenCount).fill(-1) : null;
  const r = runAlternative(alt, input, { budget: 1e9, prts });
  return `${r} ${prts ? prts.join(",") : ""}`;
}

test("osregex exec: the literal-lead scan gives what a walk from every position gives", () => {
  const rnd = seededRandom(20261129);
  const int = (n: number) => Math.floor(rnd() * n);
  let checks = 0;
  for (const pattern of PATTERNS) {
    for (const capture of [false, true]) {
      const c = compileOsRegex(pattern, capture);
      assert.ok(c.ok, pattern);
      for (const alt of c.program.alternatives) {
        assert.ok(alt.leadUnit >= 0, `${pattern} starts with a literal`);
        const walk: OsRegexAlternative = { ...alt, leadUnit: -1 };
        for (let i = 0; i < 400; i++) {
          // Small alphabets per subject, so one case form is often missing or alone.
          const letters = Array.from({ length: 1 + int(6) }, () => ALPHABET[int(ALPHABET.length)] ?? "a").join("");
          const input = Array.from({ length: int(60) }, () => letters[int(letters.length)]).join("");
          assert.equal(run(alt, input, capture), run(walk, input, capture), `${pattern} on ${JSON.stringify(input)}`);
          checks++;
        }
      }
    }
  }
  assert.ok(checks > 5000);
});
