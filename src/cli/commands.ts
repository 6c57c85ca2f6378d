/**
 * The explicit registry of subcommands (no registration by import side effect). Only real,
 * working commands are listed: each issue adds its own.
 */
import type { Command } from "./command.ts";
import { checkConfigCommand } from "./check_config.ts";
import { managerCommand } from "./manager.ts";
import { agentCommand } from "./agent.ts";
import { enrollCommand } from "./enroll.ts";
import { controlCommand } from "./control.ts";
import { logtestCommand } from "./logtest.ts";
import { replayCommand } from "./replay.ts";
import { apiHashCommand } from "./api_hash.ts";

export const commands: readonly Command[] = [
  checkConfigCommand,
  managerCommand,
  agentCommand,
  enrollCommand,
  controlCommand,
  logtestCommand,
  apiHashCommand,
  replayCommand,
];
