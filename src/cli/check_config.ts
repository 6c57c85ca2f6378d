/**
 * `riposte check-config FILE...`: validates configuration files and, for a manager
 * configuration, the ruleset its `<ruleset>` section names (rules, decoders, lists, loaded
 * the way the manager's analysis daemon loads them), and prints every diagnostic, compiler
 * style, sorted, then a summary line. Exit 1 if any error, else 0 (2 on usage).
 * Must not: start anything or touch the home; it only reads the files named and the ruleset
 * files they name.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from "../core/mod.ts";
import { loadConfigFiles, type Config, type Role } from "../config/mod.ts";
import { loadRuleset, rulesetSourceOfConfig } from "../ruleset/mod.ts";
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { UsageError, parseCommandArgs } from "./args.ts";

const HELP = `Usage: riposte check-config [--role manager|agent] [--no-rules] FILE...

Validates Riposte/Wazuh configuration files (ossec.conf) and, for a manager
configuration, the rules, decoders and lists its <ruleset> section names (loaded as the
manager loads them), and prints every problem as
  file:line:col: error|warning CODE: message (hint: ...)
sorted by position, then a summary line. Each FILE is checked on its own, as the daemon
that reads it with --config would (so a manager and an agent configuration can be
checked together). The ruleset is checked only when the configuration itself has no
error. Exit status: 0 when there is no error (warnings allowed), 1 when there is at
least one error, 2 on a usage error.

Options:
  --role manager|agent  Which daemon reads the files. Sections only the other role reads
                        are reported as warnings (CFG_ROLE_IGNORED); the agent role also
                        requires <client><server><address>. Default: guessed for each
                        file, "agent" when it has a <client> section and no <remote>
                        section, else "manager".
  --no-rules            Check the configuration only, not the ruleset it names.
  -h, --help            Show this help.

Codes are listed in docs/errors.md; options in docs/configuration.md.
`;

export const checkConfigCommand: Command = {
  name: "check-config",
  summary: "Validate configuration files and their ruleset; print every problem with file:line:col",
  help: HELP,
  async run(argv: readonly string[], io: CommandIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, { role: { type: "string" }, "no-rules": { type: "boolean" } }, true);
    const role = values.role;
    if (role !== undefined && role !== "manager" && role !== "agent") throw new UsageError(`--role must be manager or agent, not "${role}"`);
    if (positionals.length === 0) throw new UsageError("at least one FILE is required");
    const all: Diagnostic[] = [];
    const roles: Role[] = [];
    for (const typed of positionals) {
      const file = isAbsolute(typed) ? typed : resolve(io.cwd, typed);
      const result = await loadConfigFiles([file], role === undefined ? {} : { role: role as Role });
      roles.push(result.role);
      all.push(...result.diagnostics.map((d) => (d.location?.file === file ? { ...d, location: { ...d.location, file: typed } } : d)));
      if (result.config && result.role === "manager" && values["no-rules"] !== true) all.push(...rulesetDiagnostics(result.config, io.cwd));
    }
    for (const d of all) io.stdout(`${formatDiagnostic(d)}\n`);
    const errors = all.filter((d) => d.severity === "error").length;
    const distinct = [...new Set(roles)];
    const what = `${plural(positionals.length, "file")} (role${distinct.length > 1 ? "s" : ""} ${distinct.length > 1 ? roles.join(", ") : roles[0]})`;
    io.stdout(`${what}: ${plural(errors, "error")}, ${plural(all.length - errors, "warning")}\n`);
    return errors > 0 ? EXIT.failure : EXIT.ok;
  },
};

/**
 * The ruleset's diagnostics, sorted, as the manager's analyzer would see them
 * (manager/analysis/engine_analyzer.ts loads the same source); files under `cwd` are shown
 * relative to it.
 */
function rulesetDiagnostics(config: Config, cwd: string): Diagnostic[] {
  const ruleset = loadRuleset(rulesetSourceOfConfig(config.ruleset));
  return sortDiagnostics(ruleset.diagnostics).map((d) => {
    if (!d.location) return d;
    const shown = relative(cwd, d.location.file);
    return shown.startsWith("..") || isAbsolute(shown) ? d : { ...d, location: { ...d.location, file: shown } };
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
