// The stock Wazuh 4.14.7 files (test data in ../shared, read in place, never copied) read
// cleanly: every ruleset and etc XML file in the "wazuh" dialect with no diagnostic at all,
// the three ossec.conf variants in the "config" dialect with no error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { formatDiagnostic, hasErrors } from "../core/mod.ts";
import { readXml } from "./read_xml.ts";
import type { XmlElement } from "./types.ts";

const wazuhRoot = resolve(import.meta.dirname, "../../../shared/wazuh-ruleset-4.14.7");

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return xmlFiles(p);
    return p.endsWith(".xml") ? [p] : [];
  });
}

function* walk(elements: readonly XmlElement[]): Generator<XmlElement> {
  for (const el of elements) {
    yield el;
    yield* walk(el.children);
  }
}

function read(file: string, dialect: "wazuh" | "config") {
  return readXml(readFileSync(file, "utf8"), relative(wazuhRoot, file), { dialect });
}

test("every stock ruleset and etc XML file reads with zero diagnostics (wazuh dialect)", () => {
  const files = [...xmlFiles(join(wazuhRoot, "ruleset")), ...xmlFiles(join(wazuhRoot, "etc"))];
  assert.ok(files.length >= 300, `only ${files.length} files found under ${wazuhRoot}`);
  const problems = files.flatMap((f) => read(f, "wazuh").diagnostics.map(formatDiagnostic));
  assert.deepEqual(problems, []);
});

test("the three stock .conf files read with zero errors (config dialect)", () => {
  for (const name of ["ossec.conf", "ossec-agent.conf", "ossec-server.conf"]) {
    const doc = read(join(wazuhRoot, "etc", name), "config");
    assert.ok(!hasErrors(doc.diagnostics), doc.diagnostics.map(formatDiagnostic).join("\n"));
    assert.ok(doc.roots.length >= 1 && doc.roots.every((r) => r.name === "ossec_config"), name);
  }
});

test("stock variables are expanded: $BAD_WORDS in 0020-syslog_rules.xml, $MS_FREQ in an attribute", () => {
  const syslog = read(join(wazuhRoot, "ruleset/rules/0020-syslog_rules.xml"), "wazuh");
  const matches = [...walk(syslog.roots)].filter((e) => e.name === "match").map((e) => e.text);
  assert.ok(matches.some((m) => m.startsWith("core_dumped|failure|error|attack| bad |")));
  assert.ok(!matches.some((m) => m.includes("$BAD_WORDS")));
  assert.ok(![...walk(syslog.roots)].some((e) => e.name === "var"));

  const ms = read(join(wazuhRoot, "ruleset/rules/0615-win-ms-se_rules.xml"), "wazuh");
  const rule = [...walk(ms.roots)].find((e) => e.attributes.some((a) => a.name === "id" && a.value === "63617"));
  assert.equal(rule?.attributes.find((a) => a.name === "frequency")?.value, "8");
});

test("a stock rule keeps its position and its raw regex escapes", () => {
  const file = join(wazuhRoot, "ruleset/rules/0020-syslog_rules.xml");
  const source = readFileSync(file, "utf8").split("\n");
  const doc = read(file, "wazuh");
  for (const el of [...walk(doc.roots)].slice(0, 200)) {
    const line = source[el.location.line - 1] ?? "";
    assert.equal(line.slice(el.location.column - 1, el.location.column + el.name.length), `<${el.name}`);
  }
});
