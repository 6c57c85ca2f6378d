/**
 * How the commands that analyse logs (logtest, replay) find and load their ruleset: the
 * `--ruleset` folders if given, else the configuration's `<ruleset>`, else Riposte's own
 * ruleset in the checkout; and how they report what loading found (errors one per line,
 * warnings only counted: Wazuh's own ruleset has many, check-config lists them).
 * Must not: decide what an empty ruleset means for a command (the caller says it).
 */
import { fileURLToPath } from "node:url";
import { DiagnosticBag, formatDiagnostic, type Diagnostic } from "../core/mod.ts";
import type { Config } from "../config/mod.ts";
import { loadRuleset, mergeSources, rulesetSourceOfConfig, rulesetSourceOfDir, type Ruleset, type RulesetSource } from "../ruleset/mod.ts";
import type { CommandIO } from "./command.ts";

/** Riposte's own ruleset, shipped in the checkout. */
export const DEFAULT_RULESET = fileURLToPath(new URL("../../ruleset", import.meta.url));

/** Prints errors one per line; warnings as one count prefixed with `label`. */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], io: CommandIO, label: string): void {
  const errors = diagnostics.filter((d) => d.severity === "error");
  for (const d of errors) io.stderr(`${formatDiagnostic(d)}\n`);
  const warnings = diagnostics.length - errors.length;
  if (warnings > 0) io.stderr(`${label}: ${warnings} warning${warnings === 1 ? "" : "s"} (riposte check-config lists them)\n`);
}

/**
 * Loads the ruleset from `dirs` (absolute), else from `config`'s `<ruleset>`, else
 * DEFAULT_RULESET, with the source it came from. Undefined when no source could be formed;
 * problems are reported.
 */
export function loadCommandRuleset(dirs: readonly string[], config: Config | undefined, io: CommandIO, label: string): { ruleset: Ruleset; source: RulesetSource } | undefined {
  const bag = new DiagnosticBag();
  let source: RulesetSource | undefined;
  if (dirs.length > 0) {
    const sources = dirs.map((d) => rulesetSourceOfDir(d, bag)).filter((s): s is RulesetSource => s !== undefined);
    source = bag.hasErrors ? undefined : mergeSources(sources);
  } else if (config && config.ruleset.ruleDirs.length + config.ruleset.ruleFiles.length > 0) {
    source = rulesetSourceOfConfig(config.ruleset);
  } else {
    source = rulesetSourceOfDir(DEFAULT_RULESET, bag);
    if (!source) io.stderr(`Riposte's own ruleset (${DEFAULT_RULESET}) has no decoders/ or rules/ yet: pass --ruleset DIR\n`);
  }
  reportDiagnostics(bag.list, io, label);
  if (!source) return undefined;
  const ruleset = loadRuleset(source);
  reportDiagnostics(ruleset.diagnostics, io, label);
  return { ruleset, source };
}
