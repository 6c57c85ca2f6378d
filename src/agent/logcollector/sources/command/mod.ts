/** Public entry of the command and full_command sources. */
export { CommandSource, commandSourceFactory, type CommandSourceOptions } from "./command_source.ts";
export { splitCommand } from "./command_argv.ts";
