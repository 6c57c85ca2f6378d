/**
 * The file source (log_format syslog, json and multi-line:N): follows every file matching a location
 * (wildcards allowed) through appends, rotation by rename, copytruncate, truncation and
 * deletion, and resumes exactly where the sink last accepted a line after a restart.
 *
 * How it follows: fs.watch on the location's directory wakes a sync loop, and a short poll
 * (`pollMs`) is the fallback for what inotify misses (network filesystems, deep wildcards).
 * Each sync: discover matching paths, probe each path, then drain the file to EOF:
 * another inode there means the file was renamed or deleted (the old handle keeps draining for
 * `lingerMs`, then the new file is read from its start); the same inode with a size below the
 * read position or other first bytes means it was truncated (the unread tail is recovered from
 * a copytruncate copy beside it when one matches the fingerprint, then it restarts at 0).
 * Every chunk read is checked against the fingerprint of the bytes read so far, so content
 * rewritten during a read is never delivered from a stale offset.
 *
 * Must not: emit a line twice or skip one it could read; persist a position past an event
 * anywhere but in that event's commit hook; throw for a bad line.
 */
import { glob, open, stat, type FileHandle } from "node:fs/promises";
import { resolve } from "node:path";
import { errorMessage, systemCode } from "../../../../core/mod.ts";
import type { FilePosition } from "../../checkpoint_store.ts";
import type { SplitLine } from "../../line_splitter.ts";
import { MAX_LINE_BYTES } from "../../line_splitter.ts";
import type { LocalfileSpec } from "../../localfile_spec.ts";
import { emptyStats, type LogSource, type LogSourceFactory, type SourceContext, type SourceStats } from "../../source.ts";
import { Waker } from "../../waker.ts";
import { DirWatch, WILDCARD } from "./dir_watch.ts";
import { fingerprintMatches, findRotated, identityOf } from "./file_identity.ts";
import { FileTailer } from "./file_tailer.ts";
import { expandStrftime, hasStrftime } from "./strftime.ts";

export interface FileSourceOptions {
  /** ms between two syncs when no fs.watch event arrives. @default 250 */
  readonly pollMs?: number;
  /** ms a rotated or deleted file keeps being read (late writes by its old writer). @default 5000 */
  readonly lingerMs?: number;
  /** Longest line delivered; longer ones are cut. @default MAX_LINE_BYTES (65280) */
  readonly maxLineBytes?: number;
}

/** Writes a file's position (the offset just after a delivered line) to the checkpoint store. */
type Persist = (tailer: FileTailer, offset: number) => void;

export class FileSource implements LogSource {
  readonly id: string;
  readonly kind: string;
  readonly #pattern: string;
  readonly #json: boolean;
  /** Lines per event for multi-line:N; 0 for one event per line. */
  readonly #groupSize: number;
  readonly #onlyFuture: boolean;
  readonly #ctx: SourceContext;
  readonly #pollMs: number;
  readonly #lingerMs: number;
  readonly #maxLineBytes: number;
  readonly #stats: SourceStats;
  #live = new Map<string, FileTailer>();
  #detached: FileTailer[] = [];
  #warned = new Set<string>();
  #syncs = 0;

  constructor(spec: LocalfileSpec, ctx: SourceContext, options: FileSourceOptions = {}) {
    this.#pattern = resolve(spec.location ?? "");
    this.kind = spec.logFormat;
    this.id = `${spec.logFormat}:${this.#pattern}`;
    this.#json = spec.logFormat === "json";
    this.#groupSize = spec.logFormat === "multi-line" ? Math.max(1, spec.multiLineCount ?? 1) : 0;
    this.#onlyFuture = spec.onlyFutureEvents ?? true;
    this.#ctx = ctx;
    this.#pollMs = options.pollMs ?? 250;
    this.#lingerMs = options.lingerMs ?? 5000;
    this.#maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.#stats = emptyStats(this.id, this.kind);
  }

  stats(): SourceStats {
    return { ...this.#stats, files: this.#live.size + this.#detached.length };
  }

  /** Completed sync passes (a test waits for one to be sure the source looked). */
  get syncCount(): number {
    return this.#syncs;
  }

  async run(signal: AbortSignal): Promise<void> {
    const first = !this.#ctx.checkpoints.hasStarted(this.id);
    this.#ctx.checkpoints.markStarted(this.id);
    const waker = new Waker(this.#ctx.clock);
    // Paths fs.watch named since the last sync; undefined in the set means "look at everything".
    const dirty = new Set<string | undefined>();
    const dirWatch = new DirWatch(hasStrftime(this.#pattern) ? expandStrftime(this.#pattern, new Date(this.#ctx.clock.now())) : this.#pattern, (path) => {
      dirty.add(path);
      waker.notify();
    });
    try {
      await this.#resume(first, signal);
      let full = true;
      while (!signal.aborted) {
        dirWatch.ensure();
        const only = full || dirty.has(undefined) ? undefined : new Set(dirty as Set<string>);
        dirty.clear();
        await this.#syncAll(signal, only);
        this.#syncs++;
        // A notification syncs only the named files; the poll (timeout) syncs everything.
        full = !(await waker.wait(this.#pollMs, signal));
      }
    } finally {
      dirWatch.close();
      for (const t of [...this.#live.values(), ...this.#detached]) await t.close();
      this.#live.clear();
      this.#detached = [];
    }
  }

  /** Start-up: reopen checkpointed files, recover what rotated while we were down. */
  async #resume(first: boolean, signal: AbortSignal): Promise<void> {
    const saved = new Map(this.#ctx.checkpoints.listFiles(this.id).map((p) => [p.path, p]));
    for (const path of await this.#match()) {
      if (signal.aborted) return;
      await this.#adopt(path, saved.get(path), first && this.#onlyFuture ? "end" : "start", signal);
      saved.delete(path);
    }
    for (const pos of saved.values()) {
      if (signal.aborted) return;
      await this.#recover(pos, signal);
      // Stopped mid-way: keep the row, so the next start recovers the rest.
      if (!signal.aborted) this.#ctx.checkpoints.deleteFile(this.id, pos.path);
    }
  }

  /** Opens `path` and starts following it, from its checkpoint when that still describes it. */
  async #adopt(path: string, pos: FilePosition | undefined, fresh: "start" | "end", signal: AbortSignal): Promise<void> {
    const fh = await open(path, "r").catch((error: unknown) => {
      // A missing file is normal (not created yet); anything else is said once per path.
      if (systemCode(error) !== "ENOENT" && !this.#warned.has(path)) {
        this.#warned.add(path);
        this.#ctx.logger.warn("cannot open file", { path, error: errorMessage(error) });
      }
      return undefined;
    });
    if (!fh) return;
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) return void (await fh.close());
    const identity = identityOf(st);
    const size = Number(st.size);
    let offset = 0;
    if (pos) {
      const same = pos.identity === identity && size >= pos.offset && (await fingerprintMatches(fh, pos));
      if (same) offset = pos.offset;
      else await this.#recover(pos, signal);
    } else if (fresh === "end") {
      offset = await FileTailer.lastLineEnd(fh, size);
    }
    const tailer = await FileTailer.open(path, identity, fh, offset, this.#maxLineBytes, this.#groupSize);
    this.#live.set(path, tailer);
    this.#ctx.checkpoints.putFile(this.id, tailer.position());
  }

  /** Delivers the unread tail of a file that was rotated away, from wherever it is now. */
  async #recover(pos: FilePosition, signal: AbortSignal): Promise<void> {
    const rotated = (await this.#stillThere(pos)) ?? (await findRotated(pos.path, pos.identity, pos, pos.offset));
    if (!rotated) return;
    this.#stats.rotations++;
    this.#ctx.logger.debug("recovering rotated file", { path: pos.path, from: rotated.path, offset: pos.offset });
    const tailer = await FileTailer.open(pos.path, pos.identity, rotated.fh, pos.offset, this.#maxLineBytes, this.#groupSize);
    try {
      await this.#drain(tailer, signal, true, (_t, offset) => this.#ctx.checkpoints.putFile(this.id, { ...pos, offset }));
    } finally {
      await tailer.close();
    }
  }

  /** Syncs every file, or only those at the `only` paths (new paths among them trigger a discovery). */
  /** The checkpointed file itself, when it is still at its path (e.g. yesterday's dated file). */
  async #stillThere(pos: FilePosition): Promise<{ path: string; fh: FileHandle } | undefined> {
    const fh = await open(pos.path, "r").catch(() => undefined);
    if (!fh) return undefined;
    const st = await fh.stat({ bigint: true });
    if (identityOf(st) === pos.identity && Number(st.size) >= pos.offset && (await fingerprintMatches(fh, pos))) return { path: pos.path, fh };
    await fh.close();
    return undefined;
  }

  async #syncAll(signal: AbortSignal, only?: ReadonlySet<string>): Promise<void> {
    if (!only || [...only].some((p) => !this.#live.has(p))) await this.#discover(signal);
    for (const tailer of [...this.#live.values()]) {
      if (signal.aborted) return;
      if (!only || only.has(tailer.path)) await this.#syncLive(tailer, signal);
    }
    for (const tailer of [...this.#detached]) {
      if (signal.aborted) return;
      await this.#syncDetached(tailer, signal);
    }
  }

  /** New paths matching the location; a renamed file we already follow keeps its tailer. */
  async #discover(signal: AbortSignal): Promise<void> {
    const matched = await this.#match();
    if (hasStrftime(this.#pattern)) {
      // Yesterday's file no longer matches: finish it like a rotated file (linger, then close).
      for (const t of [...this.#live.values()]) if (!matched.includes(t.path)) this.#detach(t);
    }
    for (const path of matched) {
      if (this.#live.has(path)) continue;
      const st = await stat(path, { bigint: true }).catch(() => undefined);
      if (!st?.isFile()) continue;
      const identity = identityOf(st);
      if ([...this.#live.values()].some((t) => t.identity === identity)) continue;
      const back = this.#detached.find((t) => t.identity === identity);
      if (back) {
        this.#detached = this.#detached.filter((t) => t !== back);
        back.path = path;
        back.detachedAt = undefined;
        this.#live.set(path, back);
        this.#ctx.checkpoints.putFile(this.id, back.position());
      } else {
        await this.#adopt(path, undefined, "start", signal);
      }
    }
  }

  /** Probe first (so truncated content is never read at a stale offset), then drain. */
  async #syncLive(tailer: FileTailer, signal: AbortSignal): Promise<void> {
    const persist = (t: FileTailer, offset: number) => this.#ctx.checkpoints.putFile(this.id, { ...t.position(), offset });
    const st = await stat(tailer.path, { bigint: true }).catch((error: unknown) => {
      if (systemCode(error) === "ENOENT" || systemCode(error) === "ENOTDIR") return undefined;
      throw error;
    });
    if (!st || identityOf(st) !== tailer.identity) {
      // Renamed or deleted: our handle still reads the old file; finish it before the new one.
      await this.#drain(tailer, signal, false, persist);
      if (signal.aborted) return;
      this.#detach(tailer);
      if (st?.isFile()) await this.#adopt(tailer.path, undefined, "start", signal);
      return;
    }
    const size = Number(st.size);
    if (size < tailer.readOffset || !(await fingerprintMatches(tailer.fh, tailer.fp))) {
      this.#stats.rotations++;
      this.#ctx.logger.info("file truncated", { path: tailer.path, offset: tailer.committed, size });
      await this.#recover(tailer.position(), signal);
      await tailer.restart();
      persist(tailer, tailer.committed);
    }
    await this.#drain(tailer, signal, false, persist);
  }

  #detach(tailer: FileTailer): void {
    this.#stats.rotations++;
    this.#ctx.logger.info("file rotated or deleted", { path: tailer.path });
    this.#live.delete(tailer.path);
    tailer.detachedAt = this.#ctx.clock.now();
    this.#detached.push(tailer);
  }

  /** A rotated file: keep reading late writes (not persisted: the path now names another file). */
  async #syncDetached(tailer: FileTailer, signal: AbortSignal): Promise<void> {
    const expired = this.#ctx.clock.now() - (tailer.detachedAt ?? 0) >= this.#lingerMs;
    // Persisted only while no newer file took the path (its row then belongs to that file).
    await this.#drain(tailer, signal, expired, (t, offset) => {
      if (!this.#live.has(t.path)) this.#ctx.checkpoints.putFile(this.id, { ...t.position(), offset });
    });
    if (!expired || signal.aborted) return;
    this.#detached = this.#detached.filter((t) => t !== tailer);
    await tailer.close();
    if (!this.#live.has(tailer.path)) this.#ctx.checkpoints.deleteFile(this.id, tailer.path);
  }

  /** Reads to EOF, handing each chunk's lines (or multi-line groups) to the sink, see #deliver. */
  async #drain(tailer: FileTailer, signal: AbortSignal, final: boolean, persist: Persist): Promise<void> {
    for (;;) {
      if (signal.aborted) return;
      const { lines, eof, replaced } = await tailer.readSome();
      if (replaced) return; // Truncated under our feet: the next probe recovers it.
      // An incomplete multi-line group yields no unit: nothing to commit for it yet.
      await this.#deliver(tailer, lines.flatMap((line) => this.#unit(tailer, line) ?? []), persist);
      if (eof) break;
    }
    if (!final) return;
    // The file is finished: its unterminated last line, and an incomplete group, go out as they are.
    const partial = tailer.flushPartial();
    let last = partial;
    if (tailer.grouper) last = (partial && this.#unit(tailer, partial)) ?? tailer.grouper.flush(partial?.end ?? tailer.readOffset);
    if (last) await this.#deliver(tailer, [last], persist);
  }

  /**
   * Hands `units` to the sink without waiting between them: the spool commits them in order,
   * in one transaction, each with the commit that persists the position just after it. Then
   * waits for all. The position past trailing units that made no event is written directly,
   * once every event before it is durable.
   */
  async #deliver(tailer: FileTailer, units: readonly SplitLine[], persist: Persist): Promise<void> {
    const handed: Promise<void>[] = [];
    let end = tailer.committed;
    let committedByEvents = tailer.committed;
    for (const unit of units) {
      const offset = unit.end;
      const delivered = this.#emit(tailer.path, unit, () => persist(tailer, offset));
      if (delivered) {
        handed.push(delivered);
        committedByEvents = offset;
      }
      end = offset;
    }
    await Promise.all(handed);
    tailer.committed = end;
    if (end !== committedByEvents) persist(tailer, end);
  }

  /** The line itself, or for multi-line the completed group it closes (undefined meanwhile). */
  #unit(tailer: FileTailer, line: SplitLine): SplitLine | undefined {
    const grouper = tailer.grouper;
    if (!grouper) return line;
    const group = grouper.add(line);
    this.#stats.badLines += grouper.dropped;
    grouper.dropped = 0;
    return group;
  }

  /** Hands `line` to the sink with `commit` (the position after it); undefined when the line makes no event. */
  #emit(location: string, line: SplitLine, commit: () => void): Promise<void> | undefined {
    if (line.truncated) {
      this.#stats.truncated++;
      this.#ctx.logger.warn("line longer than the maximum, truncated", { path: location, maxBytes: this.#maxLineBytes });
    }
    if (line.text === "") return undefined;
    // Wazuh compat: a line with a zero byte is dropped (read_syslog.c / read_multiline.c).
    if (line.text.includes("\0") || (this.#json && !isJsonObject(line.text))) {
      this.#stats.badLines++;
      this.#ctx.logger.debug("binary (NUL) or non-JSON line skipped", { path: location, stage: "receiving" });
      return undefined;
    }
    return this.#ctx.sink({ location, log: line.text, queue: "1" }, commit).then(() => {
      this.#stats.events++;
      this.#stats.bytes += Buffer.byteLength(line.text);
    });
  }

  /** The paths the location names now (date conversions expanded, wildcards matched). */
  async #match(): Promise<string[]> {
    const pattern = hasStrftime(this.#pattern) ? expandStrftime(this.#pattern, new Date(this.#ctx.clock.now())) : this.#pattern;
    if (!WILDCARD.test(pattern)) return [pattern];
    const out: string[] = [];
    try {
      for await (const path of glob(pattern)) out.push(resolve(path));
    } catch (error: unknown) {
      this.#ctx.logger.warn("cannot expand location", { pattern, error: errorMessage(error) });
    }
    return out.sort();
  }
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    // Not JSON at all: the caller counts it as a bad line.
    return false;
  }
}

/** Factory for log_format syslog, json and multi-line. */
export function fileSourceFactory(options: FileSourceOptions = {}): LogSourceFactory {
  return { formats: ["syslog", "json", "multi-line"], create: (spec, ctx) => new FileSource(spec, ctx, options) };
}
