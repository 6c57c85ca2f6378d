/**
 * One open file being followed: its handle, identity, fingerprint, read position (ahead, in
 * the line splitter) and committed position (just after the last line the sink accepted).
 * Must not: decide about rotation (file_source.ts does) or persist anything itself.
 */
import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import type { FilePosition } from "../../checkpoint_store.ts";
import { LineGrouper } from "../../line_grouper.ts";
import { LineSplitter, type SplitLine } from "../../line_splitter.ts";
import { FINGERPRINT_BYTES, fingerprintMatches, fingerprintOf, type Fingerprint } from "./file_identity.ts";

/** Bytes read per read() call. */
const CHUNK_BYTES = 64 * 1024;

export class FileTailer {
  /** The path the file was matched at; also the events' location. */
  path: string;
  readonly identity: string;
  readonly fh: FileHandle;
  fp: Fingerprint;
  /** Offset just after the last line the sink accepted. */
  committed: number;
  /** When the file stopped being the one at `path` (rotated or deleted), else undefined. */
  detachedAt: number | undefined;
  readonly #splitter: LineSplitter;
  /** multi-line:N grouping, when the source reads that format. */
  readonly grouper: LineGrouper | undefined;
  #chunk = Buffer.alloc(CHUNK_BYTES);
  /** The first bytes actually read from offset 0 (the fingerprint grows from these, never from a re-read). */
  #head = Buffer.alloc(0);

  private constructor(path: string, identity: string, fh: FileHandle, fp: Fingerprint, offset: number, maxLineBytes: number, groupSize: number) {
    this.path = path;
    this.identity = identity;
    this.fh = fh;
    this.fp = fp;
    this.committed = offset;
    this.detachedAt = undefined;
    this.#splitter = new LineSplitter(offset, maxLineBytes);
    this.grouper = groupSize > 0 ? new LineGrouper(groupSize, maxLineBytes) : undefined;
  }

  /** `groupSize` > 0 groups lines for multi-line:N. */
  static async open(path: string, identity: string, fh: FileHandle, offset: number, maxLineBytes: number, groupSize = 0): Promise<FileTailer> {
    return new FileTailer(path, identity, fh, await fingerprintOf(fh, FINGERPRINT_BYTES), offset, maxLineBytes, groupSize);
  }

  get readOffset(): number {
    return this.#splitter.readOffset;
  }

  position(): FilePosition {
    return { path: this.path, identity: this.identity, ...this.fp, offset: this.committed };
  }

  /**
   * Reads what follows the read position; returns the completed lines (empty at EOF).
   * `replaced`: the file's first bytes no longer match after the read (truncated and rewritten
   * meanwhile), so the chunk may come from the new content at a stale offset: it is dropped,
   * and the caller stops and lets the probe handle the truncation.
   */
  async readSome(): Promise<{ lines: SplitLine[]; eof: boolean; replaced?: boolean }> {
    const at = this.#splitter.readOffset;
    // The fingerprint covers every byte of the head read so far, also within one drain.
    this.extendFingerprint();
    const { bytesRead } = await this.fh.read(this.#chunk, 0, CHUNK_BYTES, at);
    if (bytesRead === 0) return { lines: [], eof: true };
    if (this.fp.fingerprintBytes > 0 && !(await fingerprintMatches(this.fh, this.fp))) return { lines: [], eof: true, replaced: true };
    if (at < FINGERPRINT_BYTES && at === this.#head.length) {
      this.#head = Buffer.concat([this.#head, this.#chunk.subarray(0, Math.min(bytesRead, FINGERPRINT_BYTES - at))]);
      // Before any line of this chunk is committed: a persisted offset never outruns its fingerprint.
      this.extendFingerprint();
    }
    // push() may keep a view of the chunk as the pending line: hand over a copy.
    return { lines: this.#splitter.push(Buffer.from(this.#chunk.subarray(0, bytesRead))), eof: false };
  }

  /** The pending partial line as a final line (the file is finished). */
  flushPartial(): SplitLine | undefined {
    return this.#splitter.flush();
  }

  /** Starts over at offset 0 (the file was truncated). */
  async restart(): Promise<void> {
    this.#splitter.reset(0);
    this.grouper?.reset();
    this.#head = Buffer.alloc(0);
    this.committed = 0;
    this.fp = await fingerprintOf(this.fh, FINGERPRINT_BYTES);
  }

  /**
   * Grows a short fingerprint to the bytes read since offset 0. It is computed from what was
   * read, not by reading the file again: the file may already have been truncated and rewritten.
   */
  extendFingerprint(): boolean {
    if (this.#head.length <= this.fp.fingerprintBytes) return false;
    this.fp = { fingerprint: createHash("sha256").update(this.#head).digest("hex"), fingerprintBytes: this.#head.length };
    return true;
  }

  /** Offset just after the last "\n" in the file's last 64 KiB: the start of the line being written. */
  static async lastLineEnd(fh: FileHandle, size: number): Promise<number> {
    const len = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(len);
    const { bytesRead } = await fh.read(buf, 0, len, size - len);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    return nl < 0 ? (size > len ? size : 0) : size - len + nl + 1;
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}
