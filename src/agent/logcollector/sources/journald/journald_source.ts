/**
 * The journald source (log_format journald): runs `journalctl --output=json --follow` as a
 * child process (argv, never a shell), turns each entry into Wazuh's syslog-like journald line
 * (journal_entry.ts) with location "journald", and persists the entry's __CURSOR after the
 * sink resolved; a restart resumes with `--after-cursor=<cursor>` (exactly once).
 * First start without a cursor: from the journal's current last entry when
 * only-future-events (the default), else `--lines=all`. Every JSON entry carries its own __CURSOR, so `--show-cursor` is not needed.
 * journalctl ending by itself (missing binary, unreadable journal, unknown cursor) rejects
 * run() with LC_JOURNALCTL_EXITED and the collector restarts it with backoff; a cursor
 * journalctl refuses is not retried forever: the next run resumes by the cursor's time.
 * Must not: pass anything from an entry to a process; emit after abort.
 */
import { execFile, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { RiposteError, errorMessage } from "../../../../core/mod.ts";
import { MAX_LINE_BYTES } from "../../line_splitter.ts";
import type { LocalfileSpec } from "../../localfile_spec.ts";
import { emptyStats, type LogSource, type LogSourceFactory, type SourceContext, type SourceStats } from "../../source.ts";
import { compileFilters, cursorRealtime, journalLine, type JournalFilter } from "./journal_entry.ts";
import { createHash } from "node:crypto";

export interface JournaldSourceOptions {
  /** argv prefix that runs journalctl (tests put a fake here). @default ["journalctl"] */
  readonly journalctl?: readonly string[];
}

/** Wazuh compat: journald events carry the location "journald" (JOURNALD_LOG). */
export const JOURNALD_LOCATION = "journald";

export class JournaldSource implements LogSource {
  /** `journald:journald`, plus a digest of the filters when there are some (one cursor each). */
  readonly id: string;
  readonly kind = "journald";
  readonly #filter: { accept: JournalFilter | undefined } | { error: string };
  /** A persisted cursor journalctl refused; the next run resumes by time instead. */
  #refusedCursor: string | undefined;
  #skipUpToUsec: bigint | undefined;
  readonly #ctx: SourceContext;
  readonly #argv: readonly string[];
  readonly #onlyFuture: boolean;
  readonly #stats: SourceStats;

  constructor(spec: LocalfileSpec, ctx: SourceContext, options: JournaldSourceOptions = {}) {
    this.#ctx = ctx;
    this.#argv = options.journalctl ?? ["journalctl"];
    this.#onlyFuture = spec.onlyFutureEvents ?? true;
    const filters = spec.filters ?? [];
    this.#filter = compileFilters(filters);
    const digest = createHash("sha256").update(JSON.stringify(filters.map((f) => [f.field, f.expression, f.ignoreIfMissing]))).digest("hex");
    this.id = `journald:${JOURNALD_LOCATION}${filters.length > 0 ? `:${digest.slice(0, 12)}` : ""}`;
    this.#stats = emptyStats(this.id, this.kind);
  }

  stats(): SourceStats {
    return { ...this.#stats };
  }

  /** The journalctl argv that follows the journal from `cursor` (or from its start). */
  followArgs(cursor: string | undefined): string[] {
    let position = cursor !== undefined ? `--after-cursor=${cursor}` : "--lines=all";
    this.#skipUpToUsec = undefined;
    if (cursor !== undefined && cursor === this.#refusedCursor) {
      // journalctl refused this cursor (corrupt, or from another journal): resume by its time
      // instead, skipping entries up to it; without a time, only what comes next.
      const usec = cursorRealtime(cursor);
      position = usec === undefined ? "--lines=0" : `--since=@${usec / 1_000_000n}`;
      this.#skipUpToUsec = usec;
    }
    return [...this.#argv.slice(1), "--output=json", "--follow", "--no-pager", "--quiet", position];
  }

  /**
   * Where to start: the persisted cursor; at the very first start with only-future-events, the
   * cursor of the journal's last entry now (asked with `--lines=1`), persisted before following,
   * so a crash before the first event does not turn "future" into "everything".
   */
  async #startCursor(): Promise<string | undefined> {
    const saved = this.#ctx.checkpoints.getCursor(this.id);
    if (saved !== undefined || this.#ctx.checkpoints.hasStarted(this.id) || !this.#onlyFuture) return saved;
    const args = [...this.#argv.slice(1), "--output=json", "--lines=1", "--no-pager", "--quiet"];
    const out = await new Promise<string>((resolve, reject) => {
      execFile(this.#argv[0] ?? "journalctl", args, { shell: false, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
        if (error) reject(new RiposteError("LC_JOURNALCTL_EXITED", `Cannot read the journal tail: ${errorMessage(error)}`, { cause: error }));
        else resolve(stdout);
      });
    });
    const last = out.trim().split("\n").pop() ?? "";
    const cursor = last === "" ? undefined : journalLine(last).cursor;
    if (cursor !== undefined) this.#ctx.checkpoints.putCursor(this.id, cursor);
    return cursor;
  }

  async run(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    if ("error" in this.#filter) throw new RiposteError("LC_JOURNALD_FILTER_INVALID", `Cannot use the journald filter: ${this.#filter.error}`);
    const cursor = await this.#startCursor();
    const args = this.followArgs(cursor);
    this.#ctx.checkpoints.markStarted(this.id);
    let received = 0;
    const child = spawn(this.#argv[0] ?? "journalctl", args, { stdio: ["ignore", "pipe", "pipe"], shell: false });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => void (stderr = (stderr + d).slice(-2000)));
    const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    const onAbort = () => child.kill("SIGTERM");
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
      for await (const json of lines) {
        if (signal.aborted) break;
        received++;
        await this.#handle(json);
      }
      if (signal.aborted) return;
      const code = await Promise.race([exited, spawnError]);
      if (received === 0 && cursor !== undefined && /cursor/i.test(stderr) && args.some((a) => a.startsWith("--after-cursor="))) {
        this.#refusedCursor = cursor;
        this.#ctx.logger.error("journalctl refused the saved cursor; resuming from its time", { cursor, stderr: stderr.trim() });
      }
      throw new RiposteError("LC_JOURNALCTL_EXITED", `Cannot follow the journal: journalctl ended (${code instanceof Error ? code.message : `exit ${code}`})`, {
        details: { stderr: stderr.trim() },
      });
    } finally {
      signal.removeEventListener("abort", onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    }
  }

  async #handle(json: string): Promise<void> {
    const { line, cursor, filtered, realtimeUsec } = journalLine(json, "accept" in this.#filter ? this.#filter.accept : undefined);
    if (this.#skipUpToUsec !== undefined && realtimeUsec !== undefined && realtimeUsec <= this.#skipUpToUsec) {
      // Resuming by time after a refused cursor: this entry was delivered before.
    } else if (filtered) {
      // Valid entry the <filter>s exclude: skipped silently, its cursor still advances.
    } else if (line === undefined) {
      this.#stats.badLines++;
      this.#ctx.logger.debug("journal entry cannot become a syslog line, skipped", { stage: "receiving" });
    } else {
      let log = line;
      if (Buffer.byteLength(log) > MAX_LINE_BYTES) {
        log = Buffer.from(log).subarray(0, MAX_LINE_BYTES).toString("utf8").replace(/\uFFFD$/, "");
        this.#stats.truncated++;
      }
      await this.#ctx.sink({ location: JOURNALD_LOCATION, log, queue: "1" }, () => this.#commit(cursor));
      this.#stats.events++;
      this.#stats.bytes += Buffer.byteLength(log);
      return;
    }
    this.#commit(cursor);
  }

  /** Persists the cursor of the entry just handled (inside the sink's transaction when it made an event). */
  #commit(cursor: string | undefined): void {
    if (cursor !== undefined) this.#ctx.checkpoints.putCursor(this.id, cursor);
  }
}

export function journaldSourceFactory(options: JournaldSourceOptions = {}): LogSourceFactory {
  return { formats: ["journald"], create: (spec, ctx) => new JournaldSource(spec, ctx, options) };
}
