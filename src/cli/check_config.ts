/**
 * `riposte check-config FILE...`: validates configuration files and prints every diagnostic,
 * compiler style, sorted, then a summary line. Exit 1 if any error, else 0 (2 on usage).
 * Must not: start anything or touch the home; it only reads the files named.
 */
import { resolve } from "node:path";
import { formatDiagnostic } from "../core/mod.ts";
import { loadConfigFiles, type Role } from "../config/mod.ts";
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { UsageError, parseCommandArgs } from "./args.ts";

const HELP = `Usage: riposte check-config [--role manager|agent] FILE...

Validates Riposte/Wazuh configuration files (ossec.conf) and prints every problem as
  file:line:col: error|warning CODE: message (hint: ...)
sorted by file and position, then a summary line. Several files are read in order and
merged, as the daemons do. Exit status: 0 when there is no error (warnings allowed),
1 when there is at least one error, 2 on a usage error.

Options:
  --role manager|agent  Which daemon reads the files. Sections only the other role reads
                        are reported as warnings (CFG_ROLE_IGNORED); the agent role also
                        requires <client><server><address>. Default: guessed, "agent"
                        when the files have a <client> section and no <remote> section,
                        else "manager".
  -h, --help            Show this help.

Codes are listed in docs/errors.md; options in docs/configuration.md.
`;

export const checkConfigCommand: Command = {
  name: "check-config",
  summary: "Validate configuration files and print every problem with file:line:col",
  help: HELP,
  async run(argv: readonly string[], io: CommandIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, { role: { type: "string" } }, true);
    const role = values.role;
    if (role !== undefined && role !== "manager" && role !== "agent") throw new UsageError(`--role must be manager or agent, not "${role}"`);
    if (positionals.length === 0) throw new UsageError("at least one FILE is required");
    const files = positionals.map((p) => (p.startsWith("/") ? p : resolve(io.cwd, p)));
    const result = await loadConfigFiles(files, role === undefined ? {} : { role: role as Role });
    const shown = result.diagnostics.map((d) => (d.location ? { ...d, location: { ...d.location, file: display(d.location.file, files, positionals) } } : d));
    for (const d of shown) io.stdout(`${formatDiagnostic(d)}\n`);
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = result.diagnostics.length - errors;
    const what = `${positionals.length} file${positionals.length === 1 ? "" : "s"} (role ${result.role})`;
    io.stdout(`${what}: ${plural(errors, "error")}, ${plural(warnings, "warning")}\n`);
    return errors > 0 ? EXIT.failure : EXIT.ok;
  },
};

/** Shows a file as the operator typed it. */
function display(file: string, absolute: readonly string[], typed: readonly string[]): string {
  const i = absolute.indexOf(file);
  return i >= 0 ? (typed[i] ?? file) : file;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
