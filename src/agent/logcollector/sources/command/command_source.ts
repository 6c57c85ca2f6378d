/**
 * The command sources (log_format command and full_command): run the command at start and
 * then every `frequency` seconds, without a shell (command_argv.ts), and send its standard
 * output in Wazuh's formats (src/logcollector/read_command.c, read_fullcommand.c):
 * - command: one event per non-empty output line, `ossec: output: '<alias or command>': <line>`;
 * - full_command: one event for the whole output, `ossec: output: '<alias or command>':\n<output>`
 *   with "\r" removed, empty lines dropped and the final newline cut; no event for no output.
 * The event location is the alias, else the command as written. stderr is ignored (popen
 * reads stdout only). A run that fails (cannot start, non-zero exit, timeout) is counted in
 * badLines and logged; the output it produced is still sent, as popen would.
 * Must not: run a shell implicitly; persist anything (a restarted command simply runs again).
 */
import { execFile } from "node:child_process";
import { RiposteError, errorMessage } from "../../../../core/mod.ts";
import { MAX_LINE_BYTES } from "../../line_splitter.ts";
import { DEFAULT_COMMAND_FREQUENCY_SEC, type LocalfileSpec } from "../../localfile_spec.ts";
import { emptyStats, sleepUnlessAborted, type LogSource, type LogSourceFactory, type SourceContext, type SourceStats } from "../../source.ts";
import { splitCommand } from "./command_argv.ts";

export interface CommandSourceOptions {
  /** ms after which a run is killed. @default 300000 */
  readonly timeoutMs?: number;
  /** Bytes of stdout kept per run; beyond, the run is killed. @default 10 MiB */
  readonly maxOutputBytes?: number;
}

export class CommandSource implements LogSource {
  readonly id: string;
  readonly kind: string;
  readonly #command: string;
  readonly #name: string;
  readonly #full: boolean;
  readonly #frequencyMs: number;
  readonly #ctx: SourceContext;
  readonly #timeoutMs: number;
  readonly #maxOutputBytes: number;
  readonly #stats: SourceStats;

  constructor(spec: LocalfileSpec, ctx: SourceContext, options: CommandSourceOptions = {}) {
    this.#command = spec.command ?? "";
    this.#name = spec.alias ?? this.#command;
    this.kind = spec.logFormat;
    this.id = `${spec.logFormat}:${this.#name}`;
    this.#full = spec.logFormat === "full_command";
    this.#frequencyMs = (spec.frequencySeconds ?? spec.frequencySec ?? DEFAULT_COMMAND_FREQUENCY_SEC) * 1000;
    this.#ctx = ctx;
    this.#timeoutMs = options.timeoutMs ?? 300_000;
    this.#maxOutputBytes = options.maxOutputBytes ?? 10 * 1024 * 1024;
    this.#stats = emptyStats(this.id, this.kind);
  }

  stats(): SourceStats {
    return { ...this.#stats };
  }

  async run(signal: AbortSignal): Promise<void> {
    const split = splitCommand(this.#command);
    if ("error" in split) {
      throw new RiposteError("LC_COMMAND_NEEDS_SHELL", `Cannot run command "${this.#command}" without a shell: ${split.error}`, {
        details: { hint: "write the shell explicitly, for example: sh -c '…'" },
      });
    }
    while (!signal.aborted) {
      const stdout = await this.#runOnce(split.argv, signal);
      if (signal.aborted) return;
      for (const log of this.#events(stdout)) {
        await this.#ctx.sink({ location: this.#name, log, queue: "1" });
        this.#stats.events++;
        this.#stats.bytes += Buffer.byteLength(log);
      }
      await sleepUnlessAborted(this.#ctx.clock, this.#frequencyMs, signal);
    }
  }

  /** Runs the command once; resolves with its stdout (possibly partial), never rejects. */
  #runOnce(argv: string[], signal: AbortSignal): Promise<Buffer> {
    return new Promise((resolve) => {
      const opts = { signal, timeout: this.#timeoutMs, maxBuffer: this.#maxOutputBytes, encoding: "buffer" as const, shell: false, windowsHide: true };
      execFile(argv[0] ?? "", argv.slice(1), opts, (error, stdout) => {
        if (error && !signal.aborted) {
          this.#stats.badLines++;
          this.#ctx.logger.warn("command failed", { command: this.#name, error: errorMessage(error), stage: "receiving" });
        }
        resolve(Buffer.isBuffer(stdout) ? stdout : Buffer.alloc(0));
      });
    });
  }

  /** Wazuh's event texts for one run's output. */
  #events(stdout: Buffer): string[] {
    const text = stdout.toString("utf8");
    if (this.#full) {
      const body = text.replace(/\r/g, "").split("\n").filter((l) => l !== "").join("\n");
      return body === "" ? [] : [this.#cap(`ossec: output: '${this.#name}':\n${body}`)];
    }
    return text
      .split("\n")
      .map((l) => l.replace(/\r$/, ""))
      .filter((l) => l !== "")
      .map((l) => this.#cap(`ossec: output: '${this.#name}': ${l}`));
  }

  #cap(log: string): string {
    if (Buffer.byteLength(log) <= MAX_LINE_BYTES) return log;
    this.#stats.truncated++;
    return Buffer.from(log).subarray(0, MAX_LINE_BYTES).toString("utf8").replace(/\uFFFD$/, "");
  }
}

export function commandSourceFactory(options: CommandSourceOptions = {}): LogSourceFactory {
  return { formats: ["command", "full_command"], create: (spec, ctx) => new CommandSource(spec, ctx, options) };
}
