/**
 * log_format multi-line:N: every N lines of a file become one event, joined by one space, as
 * Wazuh's read_multiline.c does (a line with a zero byte still counts towards N but is
 * dropped; an empty line counts and adds nothing but its separator). A group is complete only
 * at its N-th line, so the caller commits the position only there: a restart re-reads the
 * whole group.
 * Must not: do I/O.
 */
import type { SplitLine } from "./line_splitter.ts";

export class LineGrouper {
  readonly #size: number;
  readonly #maxBytes: number;
  #text = "";
  #count = 0;
  #truncated = false;
  /** Lines dropped for a zero byte since the last take (the caller counts them as bad). */
  dropped = 0;

  constructor(size: number, maxBytes: number) {
    this.#size = Math.max(1, Math.trunc(size));
    this.#maxBytes = maxBytes;
  }

  /** Adds one line; returns the group when this line completes it. */
  add(line: SplitLine): SplitLine | undefined {
    this.#count++;
    this.#truncated ||= line.truncated;
    if (line.text.includes("\0")) this.dropped++;
    else this.#text = this.#text === "" ? line.text : `${this.#text} ${line.text}`;
    return this.#count >= this.#size ? this.#take(line.end) : undefined;
  }

  /** The incomplete group as a final event (the file is finished), if it has any text. */
  flush(end: number): SplitLine | undefined {
    return this.#count > 0 ? this.#take(end) : undefined;
  }

  reset(): void {
    this.#text = "";
    this.#count = 0;
    this.#truncated = false;
  }

  #take(end: number): SplitLine {
    let text = this.#text;
    let truncated = this.#truncated;
    if (Buffer.byteLength(text) > this.#maxBytes) {
      text = Buffer.from(text).subarray(0, this.#maxBytes).toString("utf8").replace(/\uFFFD$/, "");
      truncated = true;
    }
    this.reset();
    return { text, end, truncated };
  }
}
