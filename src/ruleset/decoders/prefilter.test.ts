import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RawEvent } from "../../core/mod.ts";
import type { Pattern } from "./_pattern.ts";
import { mayMatch, osRegexRuns, pcre2Runs, prefilterSwitch } from "./_prefilter.ts";
import { decodeEvent } from "./decode_event.ts";
import { loadWazuhDecoders, WAZUH_DIR, wazuhAvailable } from "./_wazuh_fixture.ts";

test("osRegexRuns() takes every literal run of each alternative", () => {
  assert.deepEqual(osRegexRuns("^Failed \\S+ for (\\S+) from"), [{ runs: ["failed ", " for ", " from"], anchored: true }]);
  assert.deepEqual(osRegexRuns("a.b+\\d+c|^x\\$y$|^\\d+x"), [{ runs: ["a.b+", "c"], anchored: false }, { runs: ["x$y"], anchored: true }, { runs: ["x"], anchored: false }]);
  assert.equal(osRegexRuns("\\d+|abc"), undefined);
  assert.equal(osRegexRuns(""), undefined);
});

test("pcre2Runs() keeps only mandatory top-level literals", () => {
  assert.deepEqual(pcre2Runs("(?i)^Failed\\s(\\S+) for x?y+z"), [{ runs: ["failed", " for ", "y", "z"], anchored: true }]);
  assert.deepEqual(pcre2Runs("[^%]*%FTD-[0-7]-"), [{ runs: ["%ftd-", "-"], anchored: false }]);
  assert.equal(pcre2Runs("(?m)^abc")?.[0]?.anchored, false);
  assert.equal(pcre2Runs("^a?bc")?.[0]?.anchored, false);
  assert.equal(pcre2Runs("a|b"), undefined);
  assert.equal(pcre2Runs("(?x)a b"), undefined);
  assert.equal(pcre2Runs("(*UTF)\\N{U+202E}"), undefined);
  assert.equal(pcre2Runs("\\x41bc"), undefined);
  assert.equal(pcre2Runs("a\\1b"), undefined);
  assert.equal(pcre2Runs("a{x}"), undefined);
  assert.equal(pcre2Runs("^a(?x) b c"), undefined);
  assert.deepEqual(pcre2Runs("ab{2,3}cd{0,}e"), [{ runs: ["a", "c", "e"], anchored: false }]);
  assert.deepEqual(pcre2Runs("\\d+ foo\\.bar"), [{ runs: [" foo.bar"], anchored: false }]);
});

test("mayMatch() wants each alternative's runs in order, anchored ones at the start", () => {
  const alt = (runs: string[], anchored = false) => ({ runs, anchored });
  assert.equal(mayMatch([alt(["ab", "cd"])], "xxabyycd"), true);
  assert.equal(mayMatch([alt(["ab", "cd"])], "cdab"), false);
  assert.equal(mayMatch([alt(["zz"]), alt(["cd"])], "cdab"), true);
  assert.equal(mayMatch([alt(["ab"], true)], "xab"), false);
  assert.equal(mayMatch([alt(["ab"], true)], "xab", false), true);
  assert.equal(mayMatch([alt(["ab", "b"], true)], "abb"), true);
});

test("prefilter: decoding the whole corpus gives the same decoders and fields with and without it", { skip: !wazuhAvailable() }, () => {
  const { decoders } = loadWazuhDecoders();
  const cases = readFileSync(join(WAZUH_DIR, "tests.jsonl"), "utf8").split("\n").filter((l) => l.trim() !== "");
  const logs = cases.flatMap((l) => (JSON.parse(l) as { runs: { events: string[] }[] }).runs.flatMap((r) => r.events));
  const snap = (log: string) => {
    const raw: RawEvent = { agentId: "000", agentName: "m", location: "stdin", log, queue: "1", receivedAt: 0 };
    const d = decodeEvent(decoders, raw, { managerName: "m" });
    return JSON.stringify([d.decoderName, d.decoderParent, [...d.fields]]);
  };
  const withFilter = logs.map(snap);
  prefilterSwitch.enabled = false;
  try {
    const without = logs.map(snap);
    const diffs = logs.filter((_, i) => withFilter[i] !== without[i]);
    assert.deepEqual(diffs, []);
  } finally {
    prefilterSwitch.enabled = true;
  }
});

test("prefilter: no Wazuh pattern matches a corpus line its runs rule out", { skip: !wazuhAvailable() }, () => {
  const { decoders } = loadWazuhDecoders();
  const cases = readFileSync(join(WAZUH_DIR, "tests.jsonl"), "utf8").split("\n").filter((l) => l.trim() !== "");
  const logs = [...new Set(cases.flatMap((l) => (JSON.parse(l) as { runs: { events: string[] }[] }).runs.flatMap((r) => r.events)))];
  const patterns = new Set<Pattern>();
  for (const top of [...decoders.withProgramName, ...decoders.withoutProgramName]) {
    for (const d of [top.decoder, ...top.children.map((c) => c.decoder)]) {
      if (d.prematch?.runs) patterns.add(d.prematch);
      if (d.regex?.runs) patterns.add(d.regex);
    }
  }
  const lowered = logs.map((l) => l.toLowerCase());
  const wrong: string[] = [];
  for (const p of patterns) {
    for (let i = 0; i < logs.length; i += 5) {
      const runs = p.runs;
      if (runs && !mayMatch(runs, lowered[i] ?? "") && p.exec(logs[i] ?? "") !== null) wrong.push(`${p.source} ~ ${logs[i]}`);
    }
  }
  assert.deepEqual(wrong, []);
});
