/**
 * `riposte` dispatch: finds the subcommand, handles `--help` at both levels, maps a
 * UsageError to exit 2 with the usage line, and any other failure to exit 1 with one line.
 */
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { UsageError } from "./args.ts";
import { commands as registry } from "./commands.ts";
import { errorMessage } from "../core/mod.ts";

export function topLevelHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: riposte <command> [options]",
    "",
    "Riposte detects attacks in logs and answers them (Wazuh-compatible active response).",
    "",
    "Commands:",
    ...lines,
    "",
    "Run 'riposte <command> --help' for a command's options.",
    "",
  ].join("\n");
}

export async function main(argv: readonly string[], io: CommandIO, commands: readonly Command[] = registry): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(topLevelHelp(commands));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`riposte: error CLI_UNKNOWN_COMMAND: unknown command "${name}"\n\n${topLevelHelp(commands)}`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.help.endsWith("\n") ? command.help : `${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      io.stderr(`riposte ${name}: error CLI_USAGE: ${error.message}\n${command.help.split("\n")[0]}\n`);
      return EXIT.usage;
    }
    const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : "ERR_INTERNAL";
    io.stderr(`riposte ${name}: error ${code}: ${errorMessage(error)}\n`);
    return EXIT.failure;
  }
}
