/**
 * `riposte replay`: what-if on history. Runs log files (plain, gzip, journald JSON exports)
 * through the rules and the response configuration on event time and reports what would
 * have been blocked, when and for how long; nothing is run. Text by default, `--json` for
 * machines, `--html FILE` for one self-contained page with a timeline chart.
 * Must not: act on anything; it only reads the configuration, the ruleset and the logs.
 */
import { existsSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RiposteError } from "../core/mod.ts";
import { loadConfigFiles, type Config } from "../config/mod.ts";
import { formatReplayText, renderReplayHtml, replayLogs } from "../replay/mod.ts";
import type { Ruleset } from "../ruleset/mod.ts";
import { UsageError, parseCommandArgs, resolveHome } from "./args.ts";
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { loadCommandRuleset, reportDiagnostics } from "./ruleset_io.ts";

const SHIPPED_CONFIG = fileURLToPath(new URL("../../etc/ossec.conf", import.meta.url));

const HELP = `Usage: riposte replay [--config FILE] [--json | --html FILE] [--self ADDR]... LOG...

Runs historical logs through the rules and the <active-response> configuration on the
logs' own time, simulating timeouts, repeated offenders, the white_list, the self-lockout
guard and the circuit breaker, without acting. Reports alerts per rule, responses per
block with a timeline, every address that would have been blocked (first and last block,
count, total blocked time), likely false positives (addresses that also logged in
successfully, private ranges), guard skips and breaker trips.

LOG files may be plain text, gzip (any name), or a journald export (journalctl -o json),
replayed in the order given as one history. Syslog lines carry no year: it is taken near
the first file's modification time (--year overrides).

Options:
  --config FILE   ossec.conf (default HOME/etc/ossec.conf, else the shipped etc/ossec.conf):
                  its responses, white_list, protected networks, breaker, and <ruleset>.
  --json          Print the report as one JSON object.
  --html FILE     Write the report as one self-contained HTML file (timeline chart).
  --self ADDR     An address of the manager or of the host these logs come from: never
                  blocked (as the live guard). Repeatable.
  --year YYYY     The year of the first line's timestamp.
  --home DIR      Riposte home, for the default --config.
  -h, --help      Show this help.
`;

export const replayCommand: Command = {
  name: "replay",
  summary: "What-if: run historical logs through rules and responses, report what would have been blocked",
  help: HELP,
  async run(argv: readonly string[], io: CommandIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, {
      config: { type: "string" }, json: { type: "boolean" }, html: { type: "string" }, self: { type: "string", multiple: true },
      year: { type: "string" }, home: { type: "string" },
    }, true);
    if (positionals.length === 0) throw new UsageError("give at least one LOG file");
    if (values.json && values.html !== undefined) throw new UsageError("--json and --html go one at a time");
    if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError("--year takes a four-digit year");
    const config = await readConfig(configPath(values.config, values.home, io), io);
    if (!config) return EXIT.failure;
    const ruleset = loadRules(config, io);
    if (!ruleset) return EXIT.failure;
    try {
      const report = await replayLogs(positionals.map((p) => resolve(io.cwd, p)), {
        ruleset, config, selfAddresses: values.self ?? [], managerName: hostname(),
        ...(values.year !== undefined ? { referenceMs: Date.UTC(Number(values.year), 11, 31, 23, 59, 59) } : {}),
      });
      if (values.json) io.stdout(`${JSON.stringify(report)}\n`);
      else if (values.html !== undefined) {
        const out = resolve(io.cwd, values.html);
        writeFileSync(out, renderReplayHtml(report));
        io.stdout(`Wrote ${out}: ${report.addresses.length} addresses would have been blocked, ${report.falsePositives.length} likely false positives\n`);
      } else io.stdout(formatReplayText(report));
      return EXIT.ok;
    } catch (error: unknown) {
      if (error instanceof RiposteError) {
        io.stderr(`riposte replay: error ${error.code}: ${error.message}\n`);
        return EXIT.failure;
      }
      throw error;
    }
  },
};

function configPath(flag: string | undefined, home: string | undefined, io: CommandIO): string {
  if (flag !== undefined) return resolve(io.cwd, flag);
  const inHome = resolve(io.cwd, resolveHome(home, io.env), "etc", "ossec.conf");
  return existsSync(inHome) ? inHome : SHIPPED_CONFIG;
}

async function readConfig(file: string, io: CommandIO): Promise<Config | undefined> {
  const result = await loadConfigFiles([file], { role: "manager" });
  reportDiagnostics(result.diagnostics, io, "replay");
  return result.config;
}

function loadRules(config: Config, io: CommandIO): Ruleset | undefined {
  const ruleset = loadCommandRuleset([], config, io, "replay")?.ruleset;
  if (ruleset && ruleset.rules.nodes.length === 0) {
    io.stderr("riposte replay: error REPLAY_NO_RULESET: the ruleset holds no rules\n");
    return undefined;
  }
  return ruleset;
}
