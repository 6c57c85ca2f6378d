/**
 * `riposte logtest`: runs log lines from stdin through decoders and rules, like
 * wazuh-logtest, in one session (correlation spans the lines). Human output in Wazuh's three
 * phases, or with --json one JSON object per input line. With --config, the active
 * responses the configuration binds to the matched rule are named (`<command><timeout>`).
 * Must not: act on anything (no response is run); it only reads the ruleset and config.
 */
import { hostname } from "node:os";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { formatDiagnostic, systemClock } from "../core/mod.ts";
import { loadConfigFiles, type Config } from "../config/mod.ts";
import { createBinder, definitionsFromConfig } from "../response/mod.ts";
import { createLogtestSession, formatLogtest, type MatchedRule, type Ruleset } from "../ruleset/mod.ts";
import { UsageError, parseCommandArgs } from "./args.ts";
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { loadCommandRuleset } from "./ruleset_io.ts";


const HELP = `Usage: riposte logtest [--config FILE] [--ruleset DIR]... [--json] [--clock receipt|event]

Reads log lines on stdin and shows, for each, the pre-decoding, the decoder and its fields,
the rule matched (id, level, description, groups, MITRE ids, fired times), whether an alert
is generated and which active responses would fire. All lines share one session, so
frequency and if_matched rules correlate across them.

Options:
  --config FILE         ossec.conf: its <ruleset> (when no --ruleset is given) and its
                        <active-response> blocks (to name the responses that would fire).
  --ruleset DIR         A Wazuh-style ruleset folder (decoders/, rules/, lists/), or a
                        folder holding one as ruleset/ beside etc/. Repeatable.
                        Default: Riposte's own ruleset.
  --json                One JSON object per line in ({"log","location"} or a raw line),
                        one out: predecoder, decoder, data, rule, alert, responses.
  --clock receipt|event Time for correlation windows: receipt (default, as Wazuh) or the
                        log's own timestamps (replaying history).
  -h, --help            Show this help.
`;

export const logtestCommand: Command = {
  name: "logtest",
  summary: "Run log lines through decoders and rules and show what matches (like wazuh-logtest)",
  help: HELP,
  async run(argv: readonly string[], io: CommandIO): Promise<number> {
    const { values } = parseCommandArgs(argv, {
      config: { type: "string" },
      ruleset: { type: "string", multiple: true },
      json: { type: "boolean" },
      clock: { type: "string" },
    });
    const clock = values.clock ?? "receipt";
    if (clock !== "receipt" && clock !== "event") throw new UsageError(`--clock must be receipt or event, not "${clock}"`);
    const config = values.config === undefined ? undefined : await readConfig(resolve(io.cwd, values.config), io);
    if (config === null) return EXIT.failure;
    const ruleset = loadFrom((values.ruleset ?? []).map((d) => resolve(io.cwd, d)), config, io);
    if (!ruleset) return EXIT.failure;
    const binder = config ? createBinder(definitionsFromConfig(config)) : undefined;
    const session = createLogtestSession(ruleset, {
      clock: systemClock,
      managerName: hostname(),
      timeSource: clock,
      ...(binder ? { responses: (rule: MatchedRule) => binder({ ...rule, ...rule.compliance }).map((d) => d.name) } : {}),
    });
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === "") continue;
      const out = session.run(line);
      io.stdout(values.json ? `${JSON.stringify(out)}\n` : `${formatLogtest(out)}\n`);
    }
    return EXIT.ok;
  },
};

/** The config, undefined when none is asked, null when it has errors (printed). */
async function readConfig(file: string, io: CommandIO): Promise<Config | null> {
  const result = await loadConfigFiles([file], { role: "manager" });
  for (const d of result.diagnostics) if (d.severity === "error") io.stderr(`${formatDiagnostic(d)}\n`);
  return result.config ?? null;
}

function loadFrom(dirs: readonly string[], config: Config | undefined, io: CommandIO): Ruleset | undefined {
  const loaded = loadCommandRuleset(dirs, config, io, "ruleset");
  if (loaded && loaded.ruleset.rules.nodes.length === 0) {
    io.stderr(`The ruleset (${[...loaded.source.rules].join(", ") || "no rule folder"}) holds no rules: pass --ruleset DIR\n`);
    return undefined;
  }
  return loaded?.ruleset;
}
