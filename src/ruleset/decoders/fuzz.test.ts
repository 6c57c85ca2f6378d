// Hostile input through the whole Wazuh 4.14.7 decoder set: mutated corpus lines, very long
// lines, lone surrogates and control characters. Decoding must never throw, and a line must
// not take long (the engine's budget is 10 ms per line for decoding and rules together).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RawEvent } from "../../core/mod.ts";
import { decodeEvent } from "./decode_event.ts";
import { loadWazuhDecoders, WAZUH_DIR, wazuhAvailable } from "./_wazuh_fixture.ts";
import { seededRandom as prng } from "../../../test/harness/seeded_random.ts";

const NOISE = [" ", ":", "[", "]", "{", "}", '"', "\\", "%", "=", ",", "|", "\t", "\u0000", "\ud800", "\udfff", "é", "ä", "\u202e", "1", "a"];

function mutate(line: string, rnd: () => number): string {
  const chars = [...line];
  const n = 1 + Math.floor(rnd() * 6);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rnd() * (chars.length + 1));
    const op = Math.floor(rnd() * 3);
    const piece = NOISE[Math.floor(rnd() * NOISE.length)] ?? " ";
    if (op === 0) chars.splice(at, 0, piece);
    else if (op === 1) chars.splice(at, 1);
    else chars.splice(at, 1, piece.repeat(1 + Math.floor(rnd() * 200)));
  }
  return chars.join("");
}

test("decoders: hostile input never throws and stays fast", { skip: !wazuhAvailable() }, () => {
  const { decoders } = loadWazuhDecoders();
  const cases = readFileSync(join(WAZUH_DIR, "tests.jsonl"), "utf8").split("\n").filter((l) => l.trim() !== "");
  const logs = cases.flatMap((l) => (JSON.parse(l) as { runs: { events: string[] }[] }).runs.flatMap((r) => r.events));
  const rnd = prng(7);
  const inputs: string[] = [];
  for (let i = 0; i < 3000; i++) inputs.push(mutate(logs[Math.floor(rnd() * logs.length)] ?? "", rnd));
  const sample = logs[0] ?? "x";
  inputs.push("a".repeat(1 << 20), `Dec 29 10:00:01 h sshd[1]: ${"Failed password for ".repeat(50_000)}`, `{"a":${"[".repeat(5000)}`, sample.repeat(2000));
  const timeOf = (log: string): number => {
    const raw: RawEvent = { agentId: "000", agentName: "m", location: "stdin", log, queue: "1", receivedAt: 0 };
    const t0 = performance.now();
    decodeEvent(decoders, raw, { managerName: "m" });
    return performance.now() - t0;
  };
  // The first pass warms the JIT and the pattern caches; slow lines are then timed again.
  const slow = inputs.filter((log) => timeOf(log) > 5);
  let worst = 0;
  let worstLine = "";
  for (const log of slow) {
    const ms = Math.min(timeOf(log), timeOf(log));
    if (ms > worst) {
      worst = ms;
      worstLine = log.slice(0, 120);
    }
  }
  process.stdout.write(`decoders fuzz: ${inputs.length} lines, slowest ${worst.toFixed(2)} ms: ${JSON.stringify(worstLine)}\n`);
  assert.ok(worst < 10, `slowest line took ${worst.toFixed(1)} ms`);
});
