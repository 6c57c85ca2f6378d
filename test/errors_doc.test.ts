// Every code registered in a src/**/codes.ts table is documented in docs/errors.md, every
// documented code exists, and every `code: "X"` literal in the sources is registered.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "..");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "testdata" ? [] : walk(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

async function registeredCodes(): Promise<Set<string>> {
  const codes = new Set<string>();
  for (const f of walk(join(root, "src")).filter((p) => p.endsWith("codes.ts"))) {
    const mod = (await import(pathToFileURL(f).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (value && typeof value === "object") for (const k of Object.keys(value)) codes.add(k);
    }
  }
  return codes;
}

function documentedCodes(): Set<string> {
  const text = readFileSync(join(root, "docs", "errors.md"), "utf8");
  return new Set([...text.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1] ?? ""));
}

test("errors: every registered code is documented in docs/errors.md", async () => {
  const documented = documentedCodes();
  const missing = [...(await registeredCodes())].filter((c) => !documented.has(c)).sort();
  assert.deepEqual(missing, []);
});

test("errors: every documented code is registered in a codes.ts", async () => {
  const registered = await registeredCodes();
  const orphans = [...documentedCodes()].filter((c) => !registered.has(c)).sort();
  assert.deepEqual(orphans, []);
});

test("errors: every code literal in the sources is registered", async () => {
  const registered = await registeredCodes();
  const unknown: string[] = [];
  for (const f of walk(join(root, "src"))) {
    for (const m of readFileSync(f, "utf8").matchAll(/\bcode:\s*"([A-Z][A-Z0-9_]+)"/g)) {
      if (!registered.has(m[1] ?? "")) unknown.push(`${f.slice(root.length + 1)}: ${m[1]}`);
    }
  }
  assert.deepEqual(unknown, []);
});
