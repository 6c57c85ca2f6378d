// `npm run bench -- xml`: the XML reader on a generated ~5 MB document of one million
// elements, one per line (deterministic, built in memory), then the same document with one
// wrong end tag placed 90% of the way in, to show the diagnostic points at the right line.
// Budget (issue 2): under one second for the million elements, cold. Exit 1 when missed.
import { formatDiagnostic } from "../src/core/mod.ts";
import { readXml } from "../src/xml/mod.ts";
import type { XmlElement } from "../src/xml/mod.ts";

const blocks = 111_112; // 9 elements and 9 lines each: just over a million of both
const elementsPerBlock = 9;
const budgetMs = 1000;
const runs = 5;

/**
 * One block, nine lines: a parent (with an attribute one time in ten), seven empty children,
 * and a last child with text or not, closing the parent on its line. A comment now and then.
 */
function block(i: number): string {
  const open = i % 10 === 0 ? `<r id="${i}">\n` : "<r>\n";
  const comment = i % 1000 === 0 ? "<!-- section -->" : "";
  const last = i % 10 === 5 ? "<b>x</b></r>\n" : "<b/></r>\n";
  return `${open}${comment}<a/>\n<a/>\n<a/>\n<a/>\n<a/>\n<a/>\n<a/>\n${last}`;
}

function generate(brokenAt?: number): string {
  const parts: string[] = [];
  for (let i = 0; i < blocks; i++) parts.push(i === brokenAt ? block(i).replace("</r>", "</q>") : block(i));
  return parts.join("");
}

function count(elements: readonly XmlElement[]): number {
  let n = 0;
  const stack = [...elements];
  for (let el = stack.pop(); el !== undefined; el = stack.pop()) {
    n++;
    for (const c of el.children) stack.push(c);
  }
  return n;
}

function read(text: string): { ms: number; doc: ReturnType<typeof readXml> } {
  const t0 = performance.now();
  const doc = readXml(text, "bench.xml", { dialect: "wazuh" });
  return { ms: performance.now() - t0, doc };
}

const text = generate();
const megabytes = Buffer.byteLength(text) / 1e6;
const lines = blocks * elementsPerBlock;
const times: number[] = [];
let elements = 0;
for (let run = 0; run < runs; run++) {
  const { ms, doc } = read(text);
  times.push(ms);
  elements = count(doc.roots);
  if (doc.diagnostics.length > 0) throw new Error(`unexpected diagnostic: ${formatDiagnostic(doc.diagnostics[0]!)}`);
}
const cold = times[0] ?? 0;
const best = Math.min(...times);
const expected = blocks * elementsPerBlock;
console.log(`document: ${megabytes.toFixed(2)} MB, ${elements} elements (expected ${expected}), ${lines} lines`);
console.log(`read, first run (cold): ${cold.toFixed(0)} ms, ${((elements / cold) * 1e-3).toFixed(2)} M elements/s`);
console.log(`read, best of ${runs}:       ${best.toFixed(0)} ms, ${((elements / best) * 1e-3).toFixed(2)} M elements/s, ${((megabytes / best) * 1000).toFixed(1)} MB/s`);

const brokenAt = Math.floor(blocks * 0.9);
const { ms, doc } = read(generate(brokenAt));
const line = (brokenAt + 1) * elementsPerBlock;
const column = block(brokenAt).split("\n").at(-2)!.indexOf("</r>") + 1;
console.log(`broken document (wrong end tag at ${line}:${column}): ${ms.toFixed(0)} ms, ${doc.diagnostics.length} diagnostic(s)`);
for (const d of doc.diagnostics) console.log(`  ${formatDiagnostic(d)}`);
const d = doc.diagnostics[0];
const pointsRight = doc.diagnostics.length === 1 && d?.location?.line === line && d.location.column === column;
const withinBudget = cold < budgetMs && elements === expected;
console.log(`position ${pointsRight ? "correct" : "WRONG"}; budget ${budgetMs} ms ${withinBudget ? "met" : "MISSED"}`);
process.exit(pointsRight && withinBudget ? 0 : 1);
