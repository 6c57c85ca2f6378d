// PCRE2 translation against the real libpcre2 (Debian's pcre2test, the 10.42 series Wazuh
// 4.14 builds on; package pcre2-utils in .ci/apt-packages.txt): every PCRE2 pattern of the
// Wazuh ruleset and a set of feature patterns, on printable-ASCII subjects, must give the
// same match, captures and end offset.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readXml } from "../../xml/mod.ts";
import type { XmlElement } from "../../xml/mod.ts";
import { compilePattern } from "./mod.ts";

const ROOT = resolve(import.meta.dirname, "../../../../shared/wazuh-ruleset-4.14.7/ruleset");
const DELIMITERS = "/!\"'%&~#@;,`";

interface Expected { readonly captures: readonly string[]; readonly end: number }

function pcre2test(): string {
  for (const p of ["/usr/bin/pcre2test", "/usr/local/bin/pcre2test"]) if (existsSync(p)) return p;
  assert.fail("pcre2test not found: install the Debian package pcre2-utils (.ci/apt-packages.txt)");
}

/** Subject as a pcre2test data line: everything but letters and digits as \xhh. */
const dataLine = (s: string) => "    " + s.replace(/[^A-Za-z0-9]/g, (c) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0"));

/** Runs pcre2test; result[p][s] is the reference outcome of pattern p on subject s. */
function reference(patterns: readonly string[], subjects: readonly string[]): (Expected | null)[][] {
  const dir = mkdtempSync(join(tmpdir(), "riposte-pcre2-"));
  try {
    const data = subjects.map((s) => dataLine(s) + "\n").join("");
    const input = patterns.map((p) => {
      const d = [...DELIMITERS].find((c) => !p.includes(c)) as string;
      return `${d}${p}${d}aftertext\n${data}\n`;
    }).join("");
    writeFileSync(join(dir, "in"), input);
    const out = execFileSync(pcre2test(), ["-q", join(dir, "in")], { maxBuffer: 1 << 30 }).toString("latin1").split("\n");
    return parse(out, subjects);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parse(out: readonly string[], subjects: readonly string[]): (Expected | null)[][] {
  const table: (Expected | null)[][] = [];
  let groups: string[] = [];
  let after: string | null = null;
  let s = -1;
  const flush = () => {
    const row = table[table.length - 1];
    if (row === undefined || s < 0) return;
    const subject = subjects[s] as string;
    row[s] = after === null ? null : { captures: groups.slice(1), end: subject.length - after.length };
    groups = [];
    after = null;
  };
  for (const line of out) {
    if (line !== "" && DELIMITERS.includes(line[0] as string)) {
      flush();
      table.push([]);
      s = -1;
    } else if (line.startsWith("    ")) {
      flush();
      s++;
    } else {
      const m = /^ *(\d+)([:+]) (.*)$/.exec(line);
      if (m === null) continue;
      if (m[2] === "+") after = m[3] as string;
      else groups[Number(m[1])] = m[3] === "<unset>" ? "" : (m[3] as string);
    }
  }
  flush();
  return table;
}

function compare(patterns: readonly string[], subjects: readonly string[]): string[] {
  const ref = reference(patterns, subjects);
  const diffs: string[] = [];
  patterns.forEach((p, i) => {
    const r = compilePattern("pcre2", p, { captures: true });
    if (!r.ok) {
      diffs.push(`${p}: ${r.message}`);
      return;
    }
    subjects.forEach((s, j) => {
      const want = ref[i]?.[j];
      assert.ok(want !== undefined, `no pcre2test result for ${p} on ${s}`);
      const got = r.matcher.exec(s);
      const same = want === null ? got === null : got !== null && got.end === want.end && JSON.stringify(got.captures) === JSON.stringify(want.captures);
      if (!same && diffs.length < 20) diffs.push(`${p} on ${JSON.stringify(s)}: pcre2 ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
    });
  });
  return diffs;
}

function rulesetPatterns(): string[] {
  const found = new Set<string>();
  const walk = (el: XmlElement) => {
    for (const c of el.children) {
      if (c.attributes.some((a) => a.name === "type" && a.value === "pcre2") && !c.text.includes("\n")) found.add(c.text);
      walk(c);
    }
  };
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".xml") ? [p] : [];
  });
  for (const f of files(ROOT)) for (const r of readXml(readFileSync(f, "utf8"), f, { dialect: "wazuh" }).roots) walk(r);
  return [...found];
}

/** Printable-ASCII corpus lines and the string values inside the JSON ones (decoded fields). */
function corpusSubjects(limit: number): string[] {
  const out = new Set<string>();
  const printable = (s: string) => s.length > 0 && s.length <= 400 && /^[\x20-\x7e]+$/.test(s);
  const leaves = (v: unknown): void => {
    if (typeof v === "string") { if (printable(v)) out.add(v); } else if (v !== null && typeof v === "object") for (const x of Object.values(v)) leaves(x);
  };
  for (const l of readFileSync(resolve(ROOT, "../tests.jsonl"), "utf8").split("\n").filter(Boolean)) {
    for (const log of (JSON.parse(l) as { logs?: string[] }).logs ?? []) {
      if (printable(log)) out.add(log);
      if (log.startsWith("{")) {
        try { leaves(JSON.parse(log)); } catch { /* not JSON after all: the line itself is enough */ }
      }
    }
  }
  return [...out].slice(0, limit);
}

test("pcre2 reference: every ruleset PCRE2 pattern agrees with libpcre2 on corpus subjects", () => {
  const patterns = rulesetPatterns();
  assert.ok(patterns.length > 450);
  assert.deepEqual(compare(patterns, corpusSubjects(700)), []);
});

const FEATURES = [
  "(?i)^abc$", "abc(?i)def|ghi", "(?i:ab)c", "(?i)a(?-i)b", "a(?i:b(?-i:c)d)e", "(?i)[a-c]+", "(?i)[X-z]+", "(?i)[[:upper:]]+",
  "(?s)a.b", "a.b", "(?x) a b # c", "(?U)a(.+)b", "(?n)(a)(?<x>b)", "(?m)^b", "\\Aab", "ab\\z", "ab\\Z", "ab$",
  "\\h+", "\\s+\\S", "\\w+\\W", "\\d{2,3}", "\\x41\\x{42}", "\\Qa.b\\E", "[]a]+", "[^]a]+", "[a\\S]", "[\\w.-]+", "[[:^digit:]]+",
  "(?<user>\\w+)@(?P<host>[\\w.]+)", "(?'a'x)(y)", "(a)(?>(b)+)(c)", "(a)|(b)", "(a)x\\1", "(?<n>a)\\k<n>", "(a)(b)\\g{-1}\\g1",
  "^a++a", "^a+a", "^(?>a+)a", "x*+y", "a{2,3}+", "a{2,3}?", "a{,3}", "\\d+(?:\\.\\d+){3}", "foo(?=bar)", "foo(?!bar)", "(?<=a)b",
  "(?<!a)b", "\\bsudo\\b", "(?i)\\bSUDO\\b", "(a|ab)(c|bcd)(d*)", "(?:x|y)+?z", "(\\w+)\\s*=\\s*\"([^\"]*)\"", "^(\\S+)\\s+(\\S+)$", "a|", "|b",
];
const SUBJECTS = [
  "abc", "ABC", "abcDEF", "GHI", "ABcDe", "aBcDe", "Ab", "AB", "xYZ_", "a b", "axxbxxb", "ab", "ba", "b", "a", "aaa", "aaab",
  "xxy", "xy", "A B", "1.2.3.4", "ip 10.0.0.1 x", "a.b", "]a]", "x", " ", "12345", "bob@ex.com", "xy", "abbc", "axa", "aa", "abba",
  "foobar", "foobaz", "cb", "ab", "x sudo y", "xsudoy", "X SUDO y", "abcd", "abcdd", "xyxz", "key = \"v a l\"", "one two", "one  two three",
  "a{,3}", "aaaa", "a1b22c333", "Windows\\System32\\x",
];

test("pcre2 reference: feature patterns agree with libpcre2 (options, classes, groups, atomic, quantifiers)", () => {
  assert.deepEqual(compare(FEATURES, SUBJECTS), []);
});
