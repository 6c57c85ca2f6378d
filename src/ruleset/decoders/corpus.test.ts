// Decoder-name accuracy on the shared Wazuh 4.14.7 corpus (tests.jsonl): for each non-GeoIP
// case, the last event of each pass run is decoded (location "stdin", queue "1") and the
// reported decoder name is compared with the case's `decoder`. Earlier events of a run do not
// influence decoding, so only the last one is sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic, type RawEvent } from "../../core/mod.ts";
import { decodeEvent } from "./decode_event.ts";
import { loadWazuhDecoders, WAZUH_DIR, wazuhAvailable } from "./_wazuh_fixture.ts";

interface CorpusCase {
  idx: number;
  file: string;
  name: string;
  decoder: string;
  geoip?: boolean;
  runs: { key: string; expect: "match" | "no_match"; events: string[] }[];
}

/** The accuracy this engine reaches; the test fails if it drops. */
const REQUIRED_ACCURACY = 1.0;

test("decoders: decoder names match the Wazuh 4.14.7 corpus", { skip: !wazuhAvailable() }, () => {
  const { decoders, diagnostics } = loadWazuhDecoders();
  const errors = diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
  const lines = readFileSync(join(WAZUH_DIR, "tests.jsonl"), "utf8").split("\n").filter((l) => l.trim() !== "");
  let total = 0;
  const failures: string[] = [];
  for (const line of lines) {
    const c = JSON.parse(line) as CorpusCase;
    if (c.geoip) continue;
    const passRuns = c.runs.filter((r) => r.expect === "match" && r.events.length > 0);
    if (passRuns.length === 0) continue;
    total++;
    for (const run of passRuns) {
      const last = run.events[run.events.length - 1] ?? "";
      const raw: RawEvent = { agentId: "000", agentName: "manager", location: "stdin", log: last, queue: "1", receivedAt: 0 };
      const got = decodeEvent(decoders, raw, { managerName: "manager" }).decoderName ?? "";
      if (got !== c.decoder) {
        failures.push(`#${c.idx} ${c.file} [${c.name}] ${run.key}: expected "${c.decoder}", got "${got}"\n    ${last.slice(0, 200)}`);
        break;
      }
    }
  }
  const accuracy = (total - failures.length) / total;
  process.stdout.write(`decoder accuracy: ${total - failures.length}/${total} = ${(accuracy * 100).toFixed(2)}%\n`);
  for (const f of failures) process.stdout.write(`  FAIL ${f}\n`);
  for (const e of errors) process.stdout.write(`  LOAD ${e}\n`);
  assert.deepEqual(errors, [], "the Wazuh decoder set loads without errors");
  assert.ok(accuracy >= REQUIRED_ACCURACY, `decoder accuracy ${accuracy} below ${REQUIRED_ACCURACY}`);
});
