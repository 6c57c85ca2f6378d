/**
 * `npm run corpus -- FILE.jsonl [--ruleset DIR]...`: runs a ruleset test-corpus file
 * (CORPUS-FORMAT.md) with the official harness rules, prints each failing case with its
 * expected and actual triples, and ends with `N passed, N failed, N skipped`.
 * Without --ruleset the folder holding FILE is used (where the shared corpus lives).
 * Exit code: 0 when no case failed, 1 otherwise, 2 on usage or load errors.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { DiagnosticBag, formatDiagnostic } from "../core/mod.ts";
import { formatFailures, loadRuleset, mergeSources, parseCorpus, rulesetSourceOfDir, runCorpus, summaryLine, type RulesetSource } from "../ruleset/mod.ts";

function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ruleset: { type: "string", multiple: true }, verbose: { type: "boolean" } }, allowPositionals: true });
  } catch (error: unknown) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nusage: npm run corpus -- FILE.jsonl [--ruleset DIR]...\n`);
    return 2;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    process.stderr.write("usage: npm run corpus -- FILE.jsonl [--ruleset DIR]...\n");
    return 2;
  }
  const bag = new DiagnosticBag();
  const dirs = parsed.values.ruleset ?? [dirname(file)];
  const sources = dirs.map((d) => rulesetSourceOfDir(d, bag)).filter((s): s is RulesetSource => s !== undefined);
  if (bag.hasErrors) {
    bag.list.forEach((d) => process.stderr.write(`${formatDiagnostic(d)}\n`));
    return 2;
  }
  const ruleset = loadRuleset(mergeSources(sources));
  const errors = ruleset.diagnostics.filter((d) => d.severity === "error");
  if (parsed.values.verbose) ruleset.diagnostics.forEach((d) => process.stderr.write(`${formatDiagnostic(d)}\n`));
  else if (errors.length > 0) process.stderr.write(`${errors.length} ruleset errors (run with --verbose to list them)\n`);
  const { cases, errors: bad } = parseCorpus(readFileSync(file, "utf8"));
  bad.forEach((e) => process.stderr.write(`${file}: ${e}\n`));
  const report = runCorpus(ruleset, cases);
  const failures = formatFailures(report);
  if (failures) process.stdout.write(`${failures}\n`);
  process.stdout.write(`${summaryLine(report)}\n`);
  return report.failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
