/**
 * Splits a byte stream into lines at "\n" (a "\r" just before it is dropped too), tracking the absolute offset just after each line
 * so a source can persist "everything before here was delivered". A line longer than the cap
 * is delivered truncated (cut on a UTF-8 boundary) and the rest of it, up to its newline, is
 * discarded. A trailing partial line stays pending until its newline arrives (or `flush`).
 * Must not: do I/O or decide what a line means.
 */

/**
 * Wazuh compat: a line is read into a buffer of OS_MAXSTR (65536) minus OS_LOG_HEADER (256);
 * longer lines are cut there and the rest discarded (src/logcollector/read_syslog.c).
 */
export const MAX_LINE_BYTES = 65536 - 256;

export interface SplitLine {
  /**
   * The line without its "\n" nor a "\r" before it (CRLF files), decoded as UTF-8 (invalid
   * bytes become U+FFFD). Wazuh's read_syslog drops that "\r" only on Windows; here always,
   * so `$`-anchored decoders match CRLF lines (docs/compatibility.md).
   */
  readonly text: string;
  /** Absolute offset just after this line's "\n" (or after the discarded rest of a long line). */
  readonly end: number;
  /** True when the line was longer than the cap and was cut. */
  readonly truncated: boolean;
}

export class LineSplitter {
  #buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of `#buf[0]`. */
  #start: number;
  #discarding = false;
  readonly #maxBytes: number;

  constructor(startOffset: number, maxBytes: number = MAX_LINE_BYTES) {
    this.#start = startOffset;
    this.#maxBytes = maxBytes;
  }

  /** Absolute offset up to which bytes have been pushed. */
  get readOffset(): number {
    return this.#start + this.#buf.length;
  }

  /** Bytes of the pending partial line. */
  get pendingBytes(): number {
    return this.#buf.length;
  }

  /** Adds bytes; returns the lines they complete. */
  push(chunk: Buffer): SplitLine[] {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const out: SplitLine[] = [];
    let from = 0;
    for (;;) {
      const nl = this.#buf.indexOf(0x0a, from);
      if (nl < 0) break;
      const end = this.#start + nl + 1;
      if (this.#discarding) this.#discarding = false;
      else out.push(this.#line(this.#buf.subarray(from, nl > from && this.#buf[nl - 1] === 0x0d ? nl - 1 : nl), end));
      from = nl + 1;
    }
    this.#consume(from);
    if (this.#buf.length > this.#maxBytes && !this.#discarding) {
      // The cap is reached without a newline: deliver the head now and drop the rest of the line.
      out.push(this.#line(this.#buf, this.readOffset));
      this.#discarding = true;
      this.#consume(this.#buf.length);
    } else if (this.#discarding) {
      this.#consume(this.#buf.length);
    }
    return out;
  }

  /** Delivers the pending partial line as a final line (the file will not grow any more). */
  flush(): SplitLine | undefined {
    if (this.#buf.length === 0 || this.#discarding) {
      this.#discarding = false;
      this.#consume(this.#buf.length);
      return undefined;
    }
    const line = this.#line(this.#buf, this.readOffset);
    this.#consume(this.#buf.length);
    return line;
  }

  /** Forgets pending bytes and restarts at `offset` (after a truncation). */
  reset(offset: number): void {
    this.#buf = Buffer.alloc(0);
    this.#start = offset;
    this.#discarding = false;
  }

  #consume(n: number): void {
    this.#buf = this.#buf.subarray(n);
    this.#start += n;
  }

  #line(bytes: Buffer, end: number): SplitLine {
    if (bytes.length <= this.#maxBytes) return { text: bytes.toString("utf8"), end, truncated: false };
    let cut = this.#maxBytes;
    // Back off UTF-8 continuation bytes so the cut never splits a character.
    while (cut > 0 && cut > this.#maxBytes - 3 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
    return { text: bytes.subarray(0, cut).toString("utf8"), end, truncated: true };
  }
}
