/**
 * One open file being followed: its handle, identity, fingerprint, read position (ahead, in
 * the line splitter) and committed position (just after the last line the sink accepted).
 * Must not: decide about rotation (file_source.ts does) or persist anything itself.
 */
import type { FileHandle } from "node:fs/promises";
import type { FilePosition } from "../../checkpoint_store.ts";
import { LineSplitter, type SplitLine } from "../../line_splitter.ts";
import { FINGERPRINT_BYTES, fingerprintOf, type Fingerprint } from "./file_identity.ts";

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
  #chunk = Buffer.alloc(CHUNK_BYTES);

  private constructor(path: string, identity: string, fh: FileHandle, fp: Fingerprint, offset: number, maxLineBytes: number) {
    this.path = path;
    this.identity = identity;
    this.fh = fh;
    this.fp = fp;
    this.committed = offset;
    this.detachedAt = undefined;
    this.#splitter = new LineSplitter(offset, maxLineBytes);
  }

  static async open(path: string, identity: string, fh: FileHandle, offset: number, maxLineBytes: number): Promise<FileTailer> {
    return new FileTailer(path, identity, fh, await fingerprintOf(fh, FINGERPRINT_BYTES), offset, maxLineBytes);
  }

  get readOffset(): number {
    return this.#splitter.readOffset;
  }

  position(): FilePosition {
    return { path: this.path, identity: this.identity, ...this.fp, offset: this.committed };
  }

  /** Reads what follows the read position; returns the completed lines (empty at EOF). */
  async readSome(): Promise<{ lines: SplitLine[]; eof: boolean }> {
    const { bytesRead } = await this.fh.read(this.#chunk, 0, CHUNK_BYTES, this.#splitter.readOffset);
    if (bytesRead === 0) return { lines: [], eof: true };
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
    this.committed = 0;
    this.fp = await fingerprintOf(this.fh, FINGERPRINT_BYTES);
  }

  /** Re-fingerprints when the file has grown past a short fingerprint. */
  async extendFingerprint(size: number): Promise<boolean> {
    if (this.fp.fingerprintBytes >= FINGERPRINT_BYTES || size <= this.fp.fingerprintBytes) return false;
    this.fp = await fingerprintOf(this.fh, FINGERPRINT_BYTES);
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
