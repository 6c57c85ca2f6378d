/**
 * Turns source offsets into 1-based line:column positions. Owns the line table of one
 * input; it is filled lazily with native `indexOf("\n")`, so the reader never counts
 * newlines itself and asking in increasing order costs O(newlines passed).
 * Columns count UTF-16 code units (a tab is one column), as editors' "col" usually does.
 * Must not: know anything about XML.
 */
import type { SourceLocation } from "../core/mod.ts";

export class LineIndex {
  #text: string;
  readonly #file: string;
  /** Offsets where each line starts, known up to #next (the first newline not yet recorded). */
  readonly #starts: number[] = [0];
  #next: number;

  constructor(text: string, file: string) {
    this.#text = text;
    this.#file = file;
    this.#next = text.indexOf("\n");
  }

  /** Records every remaining line start and lets go of the text (after reading ends). */
  finish(): void {
    this.locate(this.#text.length + 1);
    this.#text = "";
  }

  /** The position of `offset` (0 ≤ offset ≤ text length). */
  locate(offset: number): SourceLocation {
    const starts = this.#starts;
    while (this.#next !== -1 && this.#next < offset) {
      starts.push(this.#next + 1);
      this.#next = this.#text.indexOf("\n", this.#next + 1);
    }
    const last = starts.length - 1;
    const lastStart = starts[last] ?? 0;
    if (offset >= lastStart) return { file: this.#file, line: last + 1, column: offset - lastStart + 1 };
    return this.#search(offset);
  }

  #search(offset: number): SourceLocation {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.#file, line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }
}
