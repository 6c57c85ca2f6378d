/**
 * The concrete elements and attributes the reader builds. They implement the XmlElement and
 * XmlAttribute contracts of types.ts, but keep source offsets and compute their
 * SourceLocation on demand from the document's line table: building a million location
 * objects nobody looks at was most of the reader's time. `toJSON` includes the locations.
 * Must not: be constructed outside the reader (consumers see only the interfaces).
 */
import type { SourceLocation } from "../core/mod.ts";
import type { LineIndex } from "./line_index.ts";
import type { XmlAttribute, XmlElement } from "./types.ts";

export class Attribute implements XmlAttribute {
  readonly name: string;
  readonly value: string;
  readonly #lines: LineIndex;
  readonly #offset: number;
  readonly #valueOffset: number;

  constructor(name: string, value: string, lines: LineIndex, offset: number, valueOffset: number) {
    this.name = name;
    this.value = value;
    this.#lines = lines;
    this.#offset = offset;
    this.#valueOffset = valueOffset;
  }

  get location(): SourceLocation {
    return this.#lines.locate(this.#offset);
  }

  get valueLocation(): SourceLocation {
    return this.#lines.locate(this.#valueOffset);
  }

  toJSON(): object {
    return { name: this.name, value: this.value, location: this.location, valueLocation: this.valueLocation };
  }
}

export class Element implements XmlElement {
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  readonly text: string;
  readonly #lines: LineIndex;
  readonly #offset: number;
  readonly #textOffset: number;

  constructor(
    name: string,
    attributes: readonly XmlAttribute[],
    children: readonly XmlElement[],
    text: string,
    lines: LineIndex,
    offset: number,
    textOffset: number,
  ) {
    this.name = name;
    this.attributes = attributes;
    this.children = children;
    this.text = text;
    this.#lines = lines;
    this.#offset = offset;
    this.#textOffset = textOffset;
  }

  get location(): SourceLocation {
    return this.#lines.locate(this.#offset);
  }

  get textLocation(): SourceLocation {
    return this.#lines.locate(this.#textOffset);
  }

  toJSON(): object {
    const { name, attributes, children, text, location, textLocation } = this;
    return { name, attributes, children, text, location, textLocation };
  }
}
