/**
 * The explicit registry of subcommands (no registration by import side effect). Only real,
 * working commands are listed: each issue adds its own.
 */
import type { Command } from "./command.ts";
import { checkConfigCommand } from "./check_config.ts";

export const commands: readonly Command[] = [
  checkConfigCommand,
];
