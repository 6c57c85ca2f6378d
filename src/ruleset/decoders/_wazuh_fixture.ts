/**
 * Test support: loads the decoder set of the shared Wazuh 4.14.7 ruleset exactly as its test
 * harness does (CORPUS-FORMAT.md: ruleset/decoders/*.xml + etc/local_decoder.xml +
 * ruleset/testing/ruleset/test_*decoders.xml, one list sorted by basename). Reads the data
 * from ../shared (never copied). Private to this folder's tests.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Diagnostic } from "../../core/mod.ts";
import { readXml } from "../../xml/mod.ts";
import type { DecoderSet } from "./decoder.ts";
import { loadDecoders } from "./load_decoders.ts";

export const WAZUH_DIR = resolve(import.meta.dirname, "../../../../shared/wazuh-ruleset-4.14.7");

export function wazuhAvailable(): boolean {
  return existsSync(join(WAZUH_DIR, "ruleset", "decoders"));
}

/** The decoder files of the harness, in load order. */
export function wazuhDecoderFiles(dir = WAZUH_DIR): string[] {
  const decoders = join(dir, "ruleset", "decoders");
  const testing = join(dir, "ruleset", "testing", "ruleset");
  const files = [
    ...readdirSync(decoders).filter((f) => f.endsWith(".xml")).map((f) => join(decoders, f)),
    join(dir, "etc", "local_decoder.xml"),
    ...readdirSync(testing).filter((f) => /^test_.*decoders\.xml$/.test(f)).map((f) => join(testing, f)),
  ];
  const key = (f: string) => Buffer.from(basename(f));
  return files.sort((a, b) => Buffer.compare(key(a), key(b)));
}

export function loadWazuhDecoders(dir = WAZUH_DIR): { decoders: DecoderSet; diagnostics: Diagnostic[] } {
  const docs = wazuhDecoderFiles(dir).map((f) => readXml(readFileSync(f, "utf8"), f, { dialect: "wazuh" }));
  const result = loadDecoders(docs);
  return { decoders: result.decoders, diagnostics: [...docs.flatMap((d) => d.diagnostics), ...result.diagnostics] };
}
