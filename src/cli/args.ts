/**
 * Argument parsing shared by the subcommands: node's util.parseArgs in strict mode, with
 * failures turned into a UsageError (exit 2, message and the command's usage line).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { RiposteError } from "../core/mod.ts";

export class UsageError extends RiposteError {
  override name = "UsageError";
  constructor(message: string) {
    super("CLI_USAGE", message);
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses argv strictly; throws UsageError on unknown options or missing values. */
export function parseCommandArgs<O extends Options>(argv: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\s*To specify.*$/s, "") : String(error));
  }
}

/** The home directory per DESIGN §1: --home, else $RIPOSTE_HOME, else /var/riposte. */
export function resolveHome(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return flag ?? env["RIPOSTE_HOME"] ?? "/var/riposte";
}
