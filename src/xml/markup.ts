/**
 * Markup of the XML reader: start tags with their attributes, end tags, comments (os_xml:
 * `<!` … `-->` or `!>`), `<? ?>` declarations and, in the "config" dialect, CDATA sections.
 * Each method starts at the `<` (host.pos) and leaves host.pos after what it consumed; on
 * malformed markup it reports a diagnostic and recovers as a human would read the text.
 * Must not: manage the element stack or contents (read_xml.ts does, through ReaderHost).
 */
import type { SourceLocation } from "../core/mod.ts";
import { BANG, DQUOTE, EQUALS, GT, LT, QUESTION, SLASH, SQUOTE, isNameChar, isNameStart, isSpace } from "./chars.ts";
import type { XmlReport } from "./codes.ts";
import { decodeEntities } from "./entities.ts";
import { SourceText } from "./source_text.ts";
import type { LineIndex } from "./line_index.ts";
import type { XmlAttribute } from "./types.ts";
import { Attribute } from "./xml_node.ts";

/** What markup needs from the reader. */
export interface ReaderHost {
  readonly src: string;
  readonly config: boolean;
  pos: number;
  readonly lines: LineIndex;
  locate(offset: number): SourceLocation;
  report: XmlReport;
  /** Gives up on the rest of the input (it was swallowed by an unterminated construct). */
  truncate(): void;
  nextOrder(): number;
  checkControls(start: number, end: number): void;
  addText(start: number, end: number, decode: boolean): void;
  expandAttribute(value: string, origin: number | SourceText, order: number, tagName: string): string;
  /** `end` is how the start tag ended: ">", "/>" (empty element), or "" (malformed, already reported). */
  openElement(name: string, offset: number, order: number, attributes: readonly XmlAttribute[], end: ">" | "/>" | ""): void;
  closeElement(name: string, offset: number): void;
}

const noAttributes: readonly XmlAttribute[] = Object.freeze([]);
const nameCacheSize = 256; // a power of two

export class Markup {
  readonly #h: ReaderHost;
  /** Attributes of the tag being read (reused; copied out when the tag has any). */
  readonly #attributes: Attribute[] = [];
  /** Recently seen names (element and attribute names repeat a lot): no slice per tag. */
  readonly #names: (string | undefined)[] = new Array<string | undefined>(nameCacheSize);

  constructor(host: ReaderHost) {
    this.#h = host;
  }

  /** Reads the markup starting at the `<` at host.pos. */
  read(): void {
    const h = this.#h;
    const next = h.src.charCodeAt(h.pos + 1);
    if (next === BANG) {
      if (h.config && h.src.startsWith("<![CDATA[", h.pos)) this.#cdata();
      else this.#comment();
    } else if (next === QUESTION) this.#declaration();
    else if (next === SLASH) this.#endTag();
    else this.#startTag();
  }

  /** Whether the next tag at or after `from` (comments and declarations skipped) is `</name>`. */
  nextTagCloses(from: number, name: string): boolean {
    const src = this.#h.src;
    let at = src.indexOf("<", from);
    while (at !== -1 && (src.charCodeAt(at + 1) === BANG || src.charCodeAt(at + 1) === QUESTION)) at = src.indexOf("<", at + 2);
    if (at === -1 || src.charCodeAt(at + 1) !== SLASH || !src.startsWith(name, at + 2)) return false;
    return !isNameChar(src.charCodeAt(at + 2 + name.length));
  }

  /** The source span [start, end) as a string, reusing an earlier equal name when possible. */
  #name(start: number, end: number): string {
    const src = this.#h.src;
    const length = end - start;
    if (length === 0) return "";
    const slot = (length * 31 + src.charCodeAt(start) * 7 + src.charCodeAt(end - 1)) & (nameCacheSize - 1);
    const cached = this.#names[slot];
    if (cached !== undefined && cached.length === length && src.startsWith(cached, start)) return cached;
    const name = src.slice(start, end);
    this.#names[slot] = name;
    return name;
  }

  #nameEnd(from: number): number {
    const src = this.#h.src;
    let i = from;
    while (i < src.length && isNameChar(src.charCodeAt(i))) i++;
    return i;
  }

  #skipSpace(): boolean {
    const h = this.#h;
    const start = h.pos;
    while (h.pos < h.src.length && isSpace(h.src.charCodeAt(h.pos))) h.pos++;
    return h.pos > start;
  }

  #comment(): void {
    const h = this.#h;
    const src = h.src;
    const start = h.pos;
    let gt = src.indexOf(">", start + 2);
    while (gt !== -1) {
      if (gt - 1 >= start + 2 && src.charCodeAt(gt - 1) === BANG) break;
      if (gt - 2 >= start + 2 && src.charCodeAt(gt - 1) === 45 && src.charCodeAt(gt - 2) === 45) break;
      gt = src.indexOf(">", gt + 1);
    }
    if (gt === -1) {
      h.report("XML_UNTERMINATED_COMMENT", "Comment is never closed", start, 'End it with "-->"; everything after it was ignored');
      h.truncate();
      return;
    }
    h.pos = gt + 1;
  }

  #declaration(): void {
    const h = this.#h;
    const end = h.src.indexOf("?>", h.pos + 2);
    if (end === -1) {
      h.report("XML_UNTERMINATED_DECLARATION", 'Declaration "<?" is never closed', h.pos, 'End it with "?>"; everything after it was ignored');
      h.truncate();
      return;
    }
    h.pos = end + 2;
  }

  #cdata(): void {
    const h = this.#h;
    const start = h.pos + 9;
    const end = h.src.indexOf("]]>", start);
    if (end === -1) {
      h.report("XML_UNTERMINATED_CDATA", "CDATA section is never closed", h.pos, 'End it with "]]>"; everything after it was ignored');
      h.truncate();
      return;
    }
    h.checkControls(start, end);
    h.pos = end + 3;
    h.addText(start, end, false);
  }

  #endTag(): void {
    const h = this.#h;
    const start = h.pos;
    h.pos = start + 2;
    const spaced = this.#skipSpace();
    const nameEnd = this.#nameEnd(h.pos);
    const name = this.#name(h.pos, nameEnd);
    if (name === "" || !isNameStart(name.charCodeAt(0))) {
      h.report("XML_MALFORMED_TAG", 'End tag "</" has no element name', start, 'Write "</name>" right after "</", without spaces');
      this.#skipJunk();
      return;
    }
    if (spaced) h.report("XML_MALFORMED_TAG", `End tag "</ ${name}" has a space before its name`, start, `Write "</${name}>"`);
    h.pos = nameEnd;
    this.#skipSpace();
    if (h.src.charCodeAt(h.pos) === GT) h.pos++;
    else {
      h.report("XML_MALFORMED_TAG", `End tag "</${name}" is not closed by ">"`, h.pos, `Write "</${name}>"; an end tag has no attributes`);
      this.#skipJunk();
    }
    h.closeElement(name, start);
  }

  /** Skips to just after the next `>`, stopping before a `<` (the next markup) or the end. */
  #skipJunk(): void {
    const h = this.#h;
    const src = h.src;
    while (h.pos < src.length) {
      const c = src.charCodeAt(h.pos);
      if (c === LT) return;
      h.pos++;
      if (c === GT) return;
    }
  }

  #startTag(): void {
    const h = this.#h;
    const offset = h.pos;
    const nameEnd = this.#nameEnd(offset + 1);
    const name = this.#name(offset + 1, nameEnd);
    h.pos = nameEnd;
    const order = h.nextOrder();
    const scratch = this.#attributes;
    scratch.length = 0;
    const end = this.#tagBody(name, order, offset);
    h.openElement(name, offset, order, scratch.length === 0 ? noAttributes : scratch.slice(), end);
  }

  /** Reads attributes up to `>` or `/>`; returns which ended the tag ("" if none did). */
  #tagBody(name: string, order: number, offset: number): ">" | "/>" | "" {
    const h = this.#h;
    const src = h.src;
    for (;;) {
      this.#skipSpace();
      const c = src.charCodeAt(h.pos);
      if (c === GT) {
        h.pos++;
        return ">";
      }
      if (c === SLASH && src.charCodeAt(h.pos + 1) === GT) {
        h.pos += 2;
        return "/>";
      }
      if (h.pos >= src.length || c === LT) {
        h.report("XML_MALFORMED_TAG", `Start tag "<${name}" is not closed by ">"`, offset, `Add ">" at the end of the start tag`);
        return "";
      }
      if (isNameStart(c)) this.#attribute(name, order);
      else this.#junkInTag(name);
    }
  }

  #junkInTag(name: string): void {
    const h = this.#h;
    const src = h.src;
    const at = h.pos;
    const shown = src[at] ?? "";
    while (h.pos < src.length) {
      const c = src.charCodeAt(h.pos);
      if (c === GT || c === LT || isSpace(c) || isNameStart(c) || (c === SLASH && src.charCodeAt(h.pos + 1) === GT)) break;
      h.pos++;
    }
    h.report("XML_MALFORMED_TAG", `Unexpected "${shown}" in start tag "<${name}>"`, at, 'Attributes are written name="value", separated by spaces');
  }

  #attribute(tagName: string, order: number): void {
    const h = this.#h;
    const src = h.src;
    const nameOffset = h.pos;
    const nameEnd = this.#nameEnd(nameOffset);
    const name = this.#name(nameOffset, nameEnd);
    h.pos = nameEnd;
    this.#skipSpace();
    let c = src.charCodeAt(h.pos);
    const hint = `Write ${name}="value"`;
    let raw: { start: number; end: number };
    if (c === EQUALS) {
      h.pos++;
      this.#skipSpace();
      c = src.charCodeAt(h.pos);
      if (c === DQUOTE || c === SQUOTE) raw = this.#quoted(name, hint);
      else {
        h.report("XML_BAD_ATTRIBUTE", `Value of attribute "${name}" is not quoted`, h.pos, hint);
        raw = this.#unquoted();
      }
    } else if (c === DQUOTE || c === SQUOTE) {
      h.report("XML_BAD_ATTRIBUTE", `Attribute "${name}" has no "=" before its value`, h.pos, hint);
      raw = this.#quoted(name, hint);
    } else {
      h.report("XML_BAD_ATTRIBUTE", `Attribute "${name}" has no value`, nameOffset, hint);
      raw = { start: nameEnd, end: nameEnd };
    }
    this.#addAttribute(tagName, order, name, nameOffset, raw);
  }

  #quoted(name: string, hint: string): { start: number; end: number } {
    const h = this.#h;
    const src = h.src;
    const quote = src[h.pos] ?? '"';
    const start = h.pos + 1;
    const end = src.indexOf(quote, start);
    if (end !== -1) {
      h.pos = end + 1;
      return { start, end };
    }
    h.report("XML_BAD_ATTRIBUTE", `Value of attribute "${name}" is never closed by ${quote}`, h.pos, hint);
    const gt = src.indexOf(">", start);
    h.pos = gt === -1 ? src.length : gt;
    return { start, end: h.pos };
  }

  #unquoted(): { start: number; end: number } {
    const h = this.#h;
    const src = h.src;
    const start = h.pos;
    while (h.pos < src.length) {
      const c = src.charCodeAt(h.pos);
      if (isSpace(c) || c === GT || c === LT || (c === SLASH && src.charCodeAt(h.pos + 1) === GT)) break;
      h.pos++;
    }
    return { start, end: h.pos };
  }

  #addAttribute(tagName: string, order: number, name: string, nameOffset: number, raw: { start: number; end: number }): void {
    const h = this.#h;
    const first = this.#attributes.find((a) => a.name === name || a.name.toLowerCase() === name.toLowerCase());
    if (first !== undefined) {
      const at = `${first.location.line}:${first.location.column}`;
      h.report("XML_DUPLICATE_ATTRIBUTE", `Attribute "${name}" is repeated in "<${tagName}>"`, nameOffset, `It is already set at ${at}; keep one`);
      return;
    }
    h.checkControls(raw.start, raw.end);
    let value = h.src.slice(raw.start, raw.end);
    let origin: number | SourceText = raw.start;
    if (h.config && value.indexOf("&") !== -1) {
      const decoded = new SourceText(h.src);
      decodeEntities(value, raw.start, decoded, (...args) => h.report(...args));
      value = decoded.text;
      origin = decoded;
    }
    value = h.expandAttribute(value, origin, order, tagName);
    this.#attributes.push(new Attribute(name, value, h.lines, nameOffset, raw.start));
  }
}
