// The configuration corpus: every file under testdata/invalid/ states its expected errors in
// its first lines (`<!-- wantErr: CODE at LINE:COL -->`) and must get exactly those errors
// (warnings are not counted); every file under testdata/valid/ must load without error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { loadConfigFiles } from "./mod.ts";
import { formatDiagnostic } from "../core/mod.ts";

const testdata = join(import.meta.dirname, "testdata");

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".conf") ? [p] : [];
  });
}

function wanted(file: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^<!-- wantErr: ([A-Z][A-Z0-9_]+) at (\d+):(\d+) -->$/.exec(line);
    if (!m) break;
    out.push(`${m[1]} at ${m[2]}:${m[3]}`);
  }
  return out;
}

const invalid = walk(join(testdata, "invalid"));

test("config corpus: at least 40 invalid configurations, each stating its errors", () => {
  assert.ok(invalid.length >= 40, `only ${invalid.length} files`);
  for (const file of invalid) assert.notDeepEqual(wanted(file), [], `${relative(testdata, file)} has no wantErr line`);
});

for (const file of invalid) {
  test(`config corpus: invalid/${relative(join(testdata, "invalid"), file)} is diagnosed exactly`, async () => {
    const result = await loadConfigFiles([file]);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    for (const e of errors) assert.equal(e.location?.file, file, formatDiagnostic(e));
    const got = errors.map((d) => `${d.code} at ${d.location?.line}:${d.location?.column}`);
    assert.deepEqual(got.sort(), wanted(file).sort(), result.diagnostics.map(formatDiagnostic).join("\n"));
    assert.equal(result.config, undefined);
  });
}

for (const file of walk(join(testdata, "valid"))) {
  test(`config corpus: valid/${relative(join(testdata, "valid"), file)} loads without error`, async () => {
    const result = await loadConfigFiles([file]);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    assert.deepEqual(errors.map(formatDiagnostic), []);
    assert.ok(result.config && Object.isFrozen(result.config));
  });
}
