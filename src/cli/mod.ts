/** Public entry of the CLI. */
export { main, topLevelHelp } from "./main.ts";
export { commands } from "./commands.ts";
export type { Command, CommandIO } from "./command.ts";
export { EXIT } from "./command.ts";
export { UsageError, parseCommandArgs, resolveHome } from "./args.ts";
export { installBuiltinLaunchers, setUpActiveResponseBin, type LauncherInstall } from "./ar_launchers.ts";
