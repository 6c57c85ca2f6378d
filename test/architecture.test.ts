// Enforces DESIGN §6: which top-level folders of src/ may import which, that agent/ and
// manager/ never import each other, that cross-folder imports go through a folder's mod.ts,
// and that there are no import cycles between files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const root = resolve(import.meta.dirname, "..");
const src = join(root, "src");

/** Top-level folder → the folders it may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  xml: ["core"],
  config: ["core", "xml"],
  store: ["core"],
  transport: ["core"],
  ruleset: ["core", "xml", "config"],
  response: ["core", "config", "store"],
  agent: ["core", "xml", "config", "store", "transport", "response"],
  manager: ["core", "xml", "config", "store", "transport", "ruleset", "response"],
  replay: ["core", "xml", "config", "ruleset", "response"],
  api: ["core", "config", "store", "ruleset", "response", "manager", "web"],
  web: ["core"],
  cli: ["core", "xml", "config", "store", "transport", "ruleset", "response", "agent", "manager", "api", "web", "replay"],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "testdata" || name === "static" ? [] : walk(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec && spec.startsWith(".")) out.push(resolve(dirname(file), spec));
  }
  return out;
}

const files = walk(src);
const top = (p: string) => relative(src, p).split(sep)[0] ?? "";

test("architecture: every top-level folder of src/ is known", () => {
  const unknown = [...new Set(files.map(top))].filter((t) => !(t in ALLOWED) && !t.endsWith(".ts"));
  assert.deepEqual(unknown, [], "add the folder to ALLOWED in test/architecture.test.ts (and DESIGN §6)");
});

test("architecture: imports follow the allowed directions", () => {
  const bad: string[] = [];
  for (const f of files) {
    for (const target of importsOf(f)) {
      if (!target.startsWith(src + sep)) continue;
      const from = top(f);
      const to = top(target);
      if (from !== to && !(ALLOWED[from] ?? []).includes(to)) bad.push(`${relative(root, f)} -> ${relative(root, target)}`);
    }
  }
  assert.deepEqual(bad, []);
});

test("architecture: imports into another folder go through its mod.ts", () => {
  const bad: string[] = [];
  for (const f of files) {
    for (const target of importsOf(f)) {
      if (!target.startsWith(src + sep)) continue;
      const targetDir = dirname(target);
      const fromDir = dirname(f);
      const inside = fromDir === targetDir || fromDir.startsWith(targetDir + sep);
      if (!inside && !target.endsWith(`${sep}mod.ts`)) bad.push(`${relative(root, f)} -> ${relative(root, target)}`);
    }
  }
  assert.deepEqual(bad, []);
});

test("architecture: no import cycles between files", () => {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => t.startsWith(src + sep))]));
  const state = new Map<string, 1 | 2>();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]) => {
    if (state.get(f) === 2) return;
    if (state.get(f) === 1) {
      cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(root, p)).join(" -> "));
      return;
    }
    state.set(f, 1);
    for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
    state.set(f, 2);
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(cycles, []);
});
