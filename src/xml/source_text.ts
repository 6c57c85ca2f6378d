/**
 * A string assembled from pieces of the source (raw runs between comments, CDATA sections,
 * decoded entities) that remembers where each piece came from, so an error found later in
 * the assembled text (an undefined `$NAME`) can point at the source.
 * A text made of one raw run stays a pair of offsets until `text` is asked for: the reader
 * resets a parent's text after every child, and slicing each gap would be wasted garbage.
 * Must not: decide what a piece is; the reader does that.
 */

export class SourceText {
  readonly #src: string;
  /** Materialised text; only meaningful once #runEnd < 0 or combined with the run. */
  #text = "";
  /** The single raw run [#runStart, #runEnd) not yet sliced; #runEnd < 0 when none. */
  #runStart = 0;
  #runEnd = -1;
  /** Source offset of text index 0 while the text is one single piece. */
  #origin = 0;
  /** Flat [textIndex, sourceOffset, …] pairs, only once there is more than one piece. */
  #map: number[] | null = null;

  constructor(src: string) {
    this.#src = src;
  }

  /** Starts over, empty, at source offset `origin`. */
  reset(origin: number): void {
    this.#text = "";
    this.#runEnd = -1;
    this.#origin = origin;
    this.#map = null;
  }

  get text(): string {
    if (this.#runEnd >= 0) {
      this.#text = this.#src.slice(this.#runStart, this.#runEnd);
      this.#runEnd = -1;
    }
    return this.#text;
  }

  /** Appends the source span [start, end) as it is. */
  appendRaw(start: number, end: number): void {
    if (end <= start) return;
    if (this.#runEnd < 0 && this.#text.length === 0 && this.#map === null) {
      this.#runStart = start;
      this.#runEnd = end;
      this.#origin = start;
      return;
    }
    this.append(this.#src.slice(start, end), start);
  }

  /** Appends `piece`, whose first character is at `sourceOffset` (and the rest follow it). */
  append(piece: string, sourceOffset: number): void {
    if (piece.length === 0) return;
    const current = this.text;
    if (current.length === 0 && this.#map === null) {
      this.#text = piece;
      this.#origin = sourceOffset;
      return;
    }
    if (this.#map === null) this.#map = [0, this.#origin];
    this.#map.push(current.length, sourceOffset);
    this.#text = current + piece;
  }

  /** Source offset of the character at `index` of the text. */
  sourceOffset(index: number): number {
    const map = this.#map;
    if (map === null) return this.#origin + index;
    let best = 0;
    for (let i = 0; i < map.length; i += 2) {
      if ((map[i] ?? 0) <= index) best = i;
      else break;
    }
    return (map[best + 1] ?? 0) + index - (map[best] ?? 0);
  }
}
