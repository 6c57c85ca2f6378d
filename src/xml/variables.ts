/**
 * os_xml variables: `<var name="X">value</var>` definitions and `$NAME` expansion in later
 * element contents and attribute values (wazuh-ruleset-semantics.md §3).
 *
 * Expansion, as os_xml does it: NAME runs until one of `$ . | , space` or the end; the
 * terminator stays and scanning resumes on it (so `$A$B` expands both, and in `$$B` the first
 * `$` stays and `$B` expands); `$` followed directly by a terminator or the end is left alone;
 * `$(...)` is left alone (description placeholders); names compare case-insensitively; the
 * first definition of a name wins; values are not themselves expanded. Texts of at most two
 * characters are never expanded, and nothing happens before the first definition.
 * Must not: read XML; the reader feeds definitions and texts in document order.
 */

export interface VariableDefinition {
  readonly name: string;
  readonly value: string;
  /** Document-order number of the `<var>` element (its start tag). */
  readonly order: number;
  /** Source offset of the `<var>` start tag. */
  readonly offset: number;
}

/** Called for each `$NAME` that no visible definition matches: index of the `$`, NAME. */
export type UnknownVariable = (index: number, name: string) => void;

export class VariableTable {
  readonly #byName = new Map<string, VariableDefinition>();
  #firstOrder = Number.POSITIVE_INFINITY;

  /** Records a definition; a later one of the same name is ignored (os_xml keeps the first). */
  define(definition: VariableDefinition): void {
    const key = definition.name.toLowerCase();
    if (!this.#byName.has(key)) this.#byName.set(key, definition);
    if (definition.order < this.#firstOrder) this.#firstOrder = definition.order;
  }

  /** The definition of `name` whatever its position (for hints). */
  find(name: string): VariableDefinition | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  /** Names defined so far, as written. */
  names(): string[] {
    return [...this.#byName.values()].map((d) => d.name);
  }

  /** Whether expand() could change `text` (cheap; lets callers skip building a callback). */
  applies(text: string, order: number): boolean {
    return this.#firstOrder < order && text.length > 2 && text.indexOf("$") !== -1;
  }

  /**
   * Expands `$NAME` in the text of the node numbered `order` (an element's start tag order;
   * only definitions that started before it are visible).
   */
  expand(text: string, order: number, unknown: UnknownVariable): string {
    if (!this.applies(text, order)) return text;
    const lookup = (name: string): string | undefined => {
      const d = this.#byName.get(name.toLowerCase());
      return d !== undefined && d.order < order ? d.value : undefined;
    };
    return expandReferences(text, lookup, unknown);
  }
}

function isTerminator(c: number): boolean {
  // $ . | , space
  return c === 36 || c === 46 || c === 124 || c === 44 || c === 32;
}

/** The os_xml expansion loop over one text (see the module comment). */
export function expandReferences(text: string, lookup: (name: string) => string | undefined, unknown: UnknownVariable): string {
  let out = "";
  let from = 0;
  let dollar = text.indexOf("$");
  while (dollar !== -1) {
    if (text.charCodeAt(dollar + 1) === 40 /* ( */) {
      dollar = text.indexOf("$", dollar + 1);
      continue;
    }
    let end = dollar + 1;
    while (end < text.length && !isTerminator(text.charCodeAt(end))) end++;
    if (end > dollar + 1) {
      const name = text.slice(dollar + 1, end);
      const value = lookup(name);
      if (value === undefined) unknown(dollar, name);
      else {
        out += text.slice(from, dollar) + value;
        from = end;
      }
    }
    dollar = text.indexOf("$", end);
  }
  return from === 0 ? text : out + text.slice(from);
}
