/**
 * The shape of one `riposte` subcommand. Each subcommand is one file in src/cli/ exporting a
 * Command; commands.ts lists them. A command MUST NOT call process.exit: it returns its exit
 * code, and writes only through `io`, so tests run it in-process.
 */

export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM for long-running commands (manager, agent). */
  readonly signal: AbortSignal;
}

export interface Command {
  readonly name: string;
  /** One line for `riposte --help`. */
  readonly summary: string;
  /** The full `--help` text of this command (usage line first). */
  readonly help: string;
  run(argv: readonly string[], io: CommandIO): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });
