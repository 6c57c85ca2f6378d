/**
 * Reads ruleset test cases written in Wazuh's `.ini` format (ruleset/testing/tests/*.ini)
 * into CorpusCase records, with the reading rules of Wazuh's official harness
 * (CORPUS-FORMAT.md, "How the official harness evaluates a case"): Python's
 * RawConfigParser(strict=False) with a dict that appends repeated keys: a key seen twice in a
 * section, or in two sections of the same title, keeps both values joined by a newline;
 * values are stripped; full-line comments start with `;` or `#`; a more indented line
 * continues the previous value; key names are lower-cased; the key ends at the first `=` or
 * `:`. Every `log N pass` / `log N fail` key is one run (pass = expect a match); `rule`,
 * `alert` and `decoder` are the expected triple.
 * Lines the harness would ignore (no delimiter, text before the first section, unknown keys)
 * are returned as warnings with file:line, so a typo cannot silently drop a test.
 * Must not: read files or run anything (pure).
 */
import type { Diagnostic } from "../core/mod.ts";
import type { CorpusCase, CorpusRun } from "./corpus.ts";
import type { IniCode } from "./ini_codes.ts";

/** A case read from an .ini file, with where its section starts. */
export interface IniCase extends CorpusCase {
  readonly line: number;
}

export interface IniParseResult {
  readonly cases: IniCase[];
  readonly diagnostics: Diagnostic[];
}

interface Value {
  text: string;
}

interface Section {
  readonly name: string;
  readonly line: number;
  /** Keys in first-seen order. */
  readonly keys: Map<string, Value>;
}

const OPTION = /^(.*?)\s*[=:]\s*(.*)$/;
const SECTION = /^\[(.+)\]/;
const RUN_KEY = /^log\s+\S+\s+(pass|fail)$/;
const TRIPLE_KEYS = new Set(["rule", "alert", "decoder"]);

/**
 * Parses one .ini file. `firstIdx` numbers the cases (global index across files).
 */
export function parseIniCases(text: string, file: string, firstIdx = 0): IniParseResult {
  const diagnostics: Diagnostic[] = [];
  const sections = readSections(text, file, diagnostics);
  const cases: IniCase[] = [];
  for (const section of sections.values()) {
    cases.push(caseOf(section, file, firstIdx + cases.length, diagnostics));
  }
  return { cases, diagnostics };
}

function warn(diagnostics: Diagnostic[], file: string, line: number, code: IniCode, message: string): void {
  diagnostics.push({ severity: "warning", code, message, location: { file, line, column: 1 } });
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** configparser's reading loop, reduced to what the harness relies on. */
function readSections(text: string, file: string, diagnostics: Diagnostic[]): Map<string, Section> {
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  let value: Value | undefined;
  let keyIndent = 0;
  text.split("\n").forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.replace(/\r$/, "");
    const stripped = line.trim();
    if (stripped.startsWith(";") || stripped.startsWith("#")) return;
    if (stripped === "") return;
    const indent = indentOf(line);
    if (current && value && indent > keyIndent) {
      value.text = `${value.text}\n${stripped}`;
      return;
    }
    const header = SECTION.exec(stripped);
    if (header) {
      const name = header[1] as string;
      current = sections.get(name) ?? { name, line: lineNo, keys: new Map() };
      sections.set(name, current);
      value = undefined;
      return;
    }
    if (!current) {
      warn(diagnostics, file, lineNo, "INI_OUTSIDE_SECTION", "This line comes before the first [section]; the harness ignores it");
      return;
    }
    const option = OPTION.exec(stripped);
    if (!option) {
      warn(diagnostics, file, lineNo, "INI_NO_DELIMITER", `"${stripped.slice(0, 60)}" has no "=" or ":"; the harness ignores it`);
      value = undefined;
      return;
    }
    const key = (option[1] as string).trimEnd().toLowerCase();
    const text2 = option[2] as string;
    const existing = current.keys.get(key);
    if (existing) {
      existing.text = `${existing.text}\n${text2}`;
      value = existing;
    } else {
      value = { text: text2 };
      current.keys.set(key, value);
    }
    keyIndent = indent;
    if (!RUN_KEY.test(key) && !TRIPLE_KEYS.has(key)) {
      warn(diagnostics, file, lineNo, "INI_UNKNOWN_KEY", `Key "${key}" is not "log N pass", "log N fail", "rule", "alert" or "decoder"; the harness ignores it`);
    }
  });
  return sections;
}

function caseOf(section: Section, file: string, idx: number, diagnostics: Diagnostic[]): IniCase {
  const runs: CorpusRun[] = [];
  for (const [key, v] of section.keys) {
    const run = RUN_KEY.exec(key);
    if (!run) continue;
    const events = v.text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    runs.push({ key, expect: run[1] === "pass" ? "match" : "no_match", events });
  }
  if (runs.length === 0) warn(diagnostics, file, section.line, "INI_NO_RUN", `Section [${section.name}] has no "log N pass" or "log N fail" key: it tests nothing`);
  const get = (k: string) => section.keys.get(k)?.text.trim() ?? "";
  const alertText = get("alert");
  const alert = alertText === "" ? null : /^-?\d+$/.test(alertText) ? Number(alertText) : alertText;
  return { idx, file, name: section.name, line: section.line, rule: get("rule"), alert, decoder: get("decoder"), runs };
}
