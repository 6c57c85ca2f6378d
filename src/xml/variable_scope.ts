/**
 * The variables of one file as the reader meets them: recognises `<var>` definitions,
 * validates their attributes, expands `$NAME` in texts and attribute values (rules in
 * variables.ts), and reports undefined names at the end of the file, when the hint can say
 * whether the name is defined further down.
 * Must not: scan XML; the reader calls it with texts, their source origin and their order.
 */
import type { SourceLocation } from "../core/mod.ts";
import type { XmlReport } from "./codes.ts";
import type { SourceText } from "./source_text.ts";
import type { XmlAttribute } from "./types.ts";
import { VariableTable } from "./variables.ts";

interface UnknownReference {
  readonly offset: number;
  readonly name: string;
  readonly order: number;
}

export class VariableScope {
  readonly #enabled: boolean;
  readonly #report: XmlReport;
  readonly #locate: (offset: number) => SourceLocation;
  readonly #table = new VariableTable();
  readonly #unknown: UnknownReference[] = [];

  constructor(enabled: boolean, report: XmlReport, locate: (offset: number) => SourceLocation) {
    this.#enabled = enabled;
    this.#report = report;
    this.#locate = locate;
  }

  /** Whether an element of this name defines a variable (and is removed from the tree). */
  isDefinition(elementName: string): boolean {
    return this.#enabled && elementName.length === 3 && elementName.toLowerCase() === "var";
  }

  /**
   * Expands `$NAME` in `text`, which belongs to the node numbered `order`. `origin` maps the
   * text back to the source: the offset of its first character, or the SourceText it came from.
   */
  expand(text: string, order: number, origin: number | SourceText): string {
    if (!this.#enabled || !this.#table.applies(text, order)) return text;
    return this.#table.expand(text, order, (index, name) => {
      const offset = typeof origin === "number" ? origin + index : origin.sourceOffset(index);
      this.#unknown.push({ offset, name, order });
    });
  }

  /** Records `<var name="…">value</var>` whose start tag, numbered `order`, is at `offset`. */
  define(attributes: readonly XmlAttribute[], value: string, order: number, offset: number): void {
    const hint = `Write <var name="NAME">value</var>`;
    let name: XmlAttribute | undefined;
    for (const a of attributes) {
      if (a.name.toLowerCase() === "name" && name === undefined) name = a;
      else this.#report("XML_BAD_VARIABLE", `Variable definition accepts only the "name" attribute, not "${a.name}"`, offset, hint);
    }
    if (name === undefined || name.value === "") {
      this.#report("XML_BAD_VARIABLE", `Variable definition ${name === undefined ? 'has no "name" attribute' : "has an empty name"}`, offset, hint);
      return;
    }
    this.#table.define({ name: name.value, value, order, offset });
  }

  /** Reports every undefined `$NAME` met, once the whole file has been read. */
  finish(): void {
    for (const { offset, name, order } of this.#unknown) {
      const later = this.#table.find(name);
      const known = this.#table.names().filter((n) => this.#table.find(n)!.order < order);
      let hint = `Define it before use with <var name="${name}">…</var>`;
      if (later !== undefined) {
        const at = this.#locate(later.offset);
        hint = `"${later.name}" is defined later, at ${at.line}:${at.column}; move the definition above its first use`;
      } else if (known.length > 0) hint += `; defined: ${known.slice(0, 8).join(", ")}`;
      this.#report("XML_UNDEFINED_VARIABLE", `Variable "$${name}" is not defined`, offset, hint);
    }
  }
}
