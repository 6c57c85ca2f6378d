// Riposte's ruleset under hostile lines: every .ini sample mutated (seeded), attacker text
// repeated to the engine's 64 KiB limit and beyond, broken UTF-16. No line makes the engine
// fail, and no line takes more than 10 ms once the patterns are compiled (a first pass warms
// V8's lazy regex compilation, which is paid once per pattern, not per line). A line's time
// is the best of three runs, so a garbage-collection pause is not blamed on a pattern.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DiagnosticBag, ManualClock } from "../src/core/mod.ts";
import { createEngine, loadRuleset, parseIniCases, rulesetSourceOfDir } from "../src/ruleset/mod.ts";

const here = resolve(import.meta.dirname);
const source = rulesetSourceOfDir(here, new DiagnosticBag());
assert.ok(source);
const ruleset = loadRuleset(source);

function samples(): string[] {
  const dir = join(here, "tests");
  return readdirSync(dir).filter((n) => n.endsWith(".ini")).flatMap((n) =>
    parseIniCases(readFileSync(join(dir, n), "utf8"), n).cases.flatMap((c) => c.runs.flatMap((r) => r.events)),
  );
}

/** Deterministic xorshift32. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

const PIECES = [" from 198.51.100.1 port 22", " ssh2", " [preauth]", "\"", "\\", "'", "%27", "%00", "{", "}", "(", ")", "[", "]", " user ", " for ", ": ", "\u0000", "\ud800", "\u00e4", "=", ";", "|", "$(srcip)"];

function mutate(line: string, rand: () => number): string {
  let s = line;
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const kind = rand();
    if (kind < 0.4) s = s.slice(0, at) + (PIECES[Math.floor(rand() * PIECES.length)] ?? "") + s.slice(at);
    else if (kind < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 8));
    else if (kind < 0.9) s = s.slice(0, at) + s.slice(at, at + 16).repeat(1 + Math.floor(rand() * 200)) + s.slice(at + 16);
    else s = s.slice(at) + s.slice(0, at);
  }
  return s;
}

function hostileLines(): string[] {
  const base = samples();
  const rand = prng(0x5eed);
  const lines = [...base];
  for (let i = 0; i < 3000; i++) lines.push(mutate(base[Math.floor(rand() * base.length)] ?? "", rand));
  const H = "Nov 29 10:00:01 bastion sshd[1234]: ";
  const W = '203.0.113.7 - - [29/Nov/2026:10:12:01 +0000] "GET /?';
  lines.push(
    `${H}Invalid user ${"x from 1.2.3.4 port 1 ".repeat(3000)}`,
    `${H}Failed password for ${"a from b port 1 ssh2: RSA x ".repeat(2500)}`,
    `${H}Connection closed by invalid user ${"a 1.2.3.4 port 2 ".repeat(4000)}`,
    `${H}User ${"a from b ".repeat(8000)} not allowed because x`,
    `${W}${"select+a+union+".repeat(5000)} HTTP/1.1" 404 1 "-" "-"`,
    `${W}${"%27+or+%3c%20".repeat(5000)} HTTP/1.1" 404 1 "-" "-"`,
    `${W}${'\\"a'.repeat(30000)} HTTP/1.1" 404 1 "-" "-"`,
    `2026/11/29 10:15:02 active-response/bin/x: {"alert":{${'"data":{"a":"b",'.repeat(4000)}}`,
    `Nov 29 10:00:01 bastion sudo: alice : ${"PWD=a ; USER=".repeat(5000)}`,
    `${H}${"x".repeat(1 << 20)}`,
    "\ud800\udc00\ud800".repeat(1000),
  );
  return lines;
}

test("hostile lines: the engine never fails and no line takes more than 10 ms", () => {
  const lines = hostileLines();
  const engine = createEngine(ruleset, { clock: new ManualClock(), managerName: "m" });
  const run = (log: string) => engine.analyze({ agentId: "000", agentName: "m", location: "stdin", log, queue: "1", receivedAt: 0 });
  for (const log of lines) run(log);
  const slow: string[] = [];
  for (const log of lines) {
    let ms = Infinity;
    for (let i = 0; i < 3 && ms > 10; i++) {
      const t = performance.now();
      const result = run(log);
      ms = Math.min(ms, performance.now() - t);
      assert.equal(result.error, undefined, log.slice(0, 200));
    }
    if (ms > 10) slow.push(`${ms.toFixed(1)} ms: ${log.slice(0, 120)}`);
  }
  assert.deepEqual(slow, []);
  assert.equal(engine.stats.errors, 0);
});
