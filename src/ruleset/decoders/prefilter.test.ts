import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RawEvent } from "../../core/mod.ts";
import { readXml } from "../../xml/mod.ts";
import { mayContain, prefilterSwitch } from "../regex/mod.ts";
import type { Pattern } from "./_pattern.ts";
import { decodeEvent } from "./decode_event.ts";
import { loadDecoders } from "./load_decoders.ts";
import { loadWazuhDecoders, WAZUH_DIR, wazuhAvailable } from "./_wazuh_fixture.ts";

const HUAWEI_LIKE = `<decoder name="huawei-like"><prematch>^%%\\d\\d\\S+/\\d/\\S+\\(\\w\\):</prematch></decoder>
<decoder name="huawei-like-module"><parent>huawei-like</parent><regex>^%%\\d\\d(\\S+)/\\d/(\\S+)\\(\\w\\):</regex><order>module, mnemonic</order></decoder>`;

test("prefilter: a pattern ending in an escape and one literal decodes lines without that literal, as Wazuh does", () => {
  const { decoders, diagnostics } = loadDecoders([readXml(HUAWEI_LIKE, "huawei.xml", { dialect: "wazuh" })]);
  assert.deepEqual(diagnostics, []);
  const decode = (log: string) => decodeEvent(decoders, { agentId: "000", agentName: "m", location: "stdin", log, queue: "1", receivedAt: 0 }, { managerName: "m" });
  const plain = decode("%%01IFNET/4/LINK_STATE(l):link down");
  assert.deepEqual([plain.decoderName, plain.field("module"), plain.field("mnemonic")], ["huawei-like", "IFNET", "LINK_STATE"]);
  // OS_Regex ends this match before the final ":" (found against Wazuh's C loop): no "):" here.
  const quirk = decode("%%01IFNET/4/LINK_STATE(((l(x");
  assert.deepEqual([quirk.decoderName, quirk.field("module"), quirk.field("mnemonic")], ["huawei-like", "IFNET", "LINK_STATE(("]);
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
      if (runs && !mayContain(runs, lowered[i] ?? "") && p.exec(logs[i] ?? "") !== null) wrong.push(`${p.source} ~ ${logs[i]}`);
    }
  }
  assert.deepEqual(wrong, []);
});
