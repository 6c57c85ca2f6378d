/**
 * A string assembled from pieces of the source (raw runs between comments, CDATA sections,
 * decoded entities) that remembers where each piece came from, so an error found later in
 * the assembled text (an undefined `$NAME`) can point at the source.
 * Must not: decide what a piece is; the reader does that.
 */

export class SourceText {
  text = "";
  /** Source offset of text index 0 while the text is one single raw piece. */
  #origin = 0;
  /** Flat [textIndex, sourceOffset, …] pairs, only once there is more than one piece. */
  #map: number[] | null = null;

  /** Starts over, empty, at source offset `origin`. */
  reset(origin: number): void {
    this.text = "";
    this.#origin = origin;
    this.#map = null;
  }

  /** Appends `piece`, whose first character is at `sourceOffset` (and the rest follow it). */
  append(piece: string, sourceOffset: number): void {
    if (piece.length === 0) return;
    if (this.text.length === 0 && this.#map === null) {
      this.text = piece;
      this.#origin = sourceOffset;
      return;
    }
    if (this.#map === null) this.#map = [0, this.#origin];
    this.#map.push(this.text.length, sourceOffset);
    this.text += piece;
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
