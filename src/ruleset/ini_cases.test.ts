// The .ini reader follows the official harness's configparser rules (CORPUS-FORMAT.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseIniCases } from "./ini_cases.ts";

test("a case: runs in file order, expected triple, pass/fail", () => {
  const { cases, diagnostics } = parseIniCases(
    ["[Invalid user]", "log 1 pass = Invalid user a from 192.0.2.1", "log 2 fail = Accepted x", "rule = 5710", "alert = 5", "decoder = sshd"].join("\n"),
    "sshd.ini",
    7,
  );
  assert.deepEqual(diagnostics, []);
  assert.equal(cases.length, 1);
  const c = cases[0];
  assert.ok(c);
  assert.deepEqual({ idx: c.idx, file: c.file, name: c.name, line: c.line, rule: c.rule, alert: c.alert, decoder: c.decoder }, { idx: 7, file: "sshd.ini", name: "Invalid user", line: 1, rule: "5710", alert: 5, decoder: "sshd" });
  assert.deepEqual(c.runs, [
    { key: "log 1 pass", expect: "match", events: ["Invalid user a from 192.0.2.1"] },
    { key: "log 2 fail", expect: "no_match", events: ["Accepted x"] },
  ]);
});

test("a repeated key appends its values: one run with several events", () => {
  const { cases } = parseIniCases("[f]\nlog 1 pass = a\nlog 1 pass = b\nlog 1 pass = c\nrule = 1\nalert = 2\ndecoder = d\n", "x.ini");
  assert.deepEqual(cases[0]?.runs, [{ key: "log 1 pass", expect: "match", events: ["a", "b", "c"] }]);
});

test("two sections of the same title are merged", () => {
  const { cases } = parseIniCases("[s]\nlog 1 pass = a\nrule = 1\n[s]\nlog 1 pass = b\nalert = 3\ndecoder = d\n", "x.ini");
  assert.equal(cases.length, 1);
  assert.deepEqual(cases[0]?.runs[0]?.events, ["a", "b"]);
  assert.equal(cases[0]?.alert, 3);
});

test("comments, blank lines, continuation lines, ':' delimiter and key case", () => {
  const text = ["; comment", "# comment", "[s]", "  ; indented comment", "LOG 1 Pass: first", "   continued", "", "Rule = 10", "alert =", "decoder = d"].join("\r\n");
  const { cases, diagnostics } = parseIniCases(text, "x.ini");
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(cases[0]?.runs, [{ key: "log 1 pass", expect: "match", events: ["first", "continued"] }]);
  assert.equal(cases[0]?.rule, "10");
  assert.equal(cases[0]?.alert, null);
});

test("the key ends at the first '=' or ':'; the value keeps the rest, unstripped inside", () => {
  const { cases } = parseIniCases("[s]\nlog 1 pass = Nov  1 10:00:00 h sshd[1]: a=b  c\nrule = 1\nalert = 1\ndecoder = d\n", "x.ini");
  assert.deepEqual(cases[0]?.runs[0]?.events, ["Nov  1 10:00:00 h sshd[1]: a=b  c"]);
});

test("lines the harness would ignore are reported with their line", () => {
  const { diagnostics } = parseIniCases("stray\n[s]\nlog 1 pas = x\njunk line\nrule = 1\n[empty]\nrule = 2\n", "t.ini");
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.location?.line]),
    [["INI_OUTSIDE_SECTION", 1], ["INI_UNKNOWN_KEY", 3], ["INI_NO_DELIMITER", 4], ["INI_NO_RUN", 2], ["INI_NO_RUN", 6]],
  );
  assert.ok(diagnostics.every((d) => d.severity === "warning" && d.location?.file === "t.ini"));
});
