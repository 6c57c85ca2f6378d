/**
 * The XML tree every Wazuh-format reader produces (ossec.conf, decoders, rules). Every
 * element and attribute carries its 1-based position so later stages can point at the
 * source. The reader (read_xml.ts) never throws on bad input: it returns diagnostics.
 *
 * Contract for consumers: treat elements as read-only values. The reader's objects compute
 * `location`/`textLocation`/`valueLocation` on demand (prototype getters, so a million
 * elements cost no position objects): read them as properties, but do not copy an element
 * with `{ ...el }` or compare trees with deepEqual and expect positions to follow.
 * `JSON.stringify` includes them (toJSON).
 */
import type { Diagnostic, SourceLocation } from "../core/mod.ts";

export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
  /** Position of the attribute name. */
  readonly location: SourceLocation;
  /** Position of the first character of the value (after the quote). */
  readonly valueLocation: SourceLocation;
}

export interface XmlElement {
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /**
   * The element's text content. Wazuh compat: for an element with children it is the text
   * after the last child; whitespace is kept as written (callers trim where Wazuh trims).
   */
  readonly text: string;
  /** Position of the `<` of the start tag. */
  readonly location: SourceLocation;
  /** Position of the first character of `text`. */
  readonly textLocation: SourceLocation;
}

export interface XmlDocument {
  readonly file: string;
  /** Several roots are allowed (Wazuh files have no single root). `<var>` elements are removed. */
  readonly roots: readonly XmlElement[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ReadXmlOptions {
  /**
   * "wazuh" (rules and decoders, exactly as os_xml): no entity decoding, no CDATA, `\<` is
   * content. "config" (ossec.conf): entities and CDATA decoded as well. Default "config".
   */
  readonly dialect?: "wazuh" | "config";
  /** Expand `<var name="X">` definitions into `$X` references (rules/decoders). Default true. */
  readonly variables?: boolean;
}
