/**
 * The XML reader: one linear pass over the text (charCodeAt and indexOf, no regex over the
 * input), building XmlElements with positions and collecting diagnostics. It never throws:
 * malformed input yields positioned diagnostics, and the reader recovers and keeps going so
 * that independent mistakes are all reported at once.
 *
 * Dialects (types.ts): "wazuh" is os_xml (wazuh-ruleset-semantics.md §3): raw contents, no
 * entities, no CDATA, `\<` is content; "config" adds the five entities, character references
 * and CDATA. Markup (tags, attributes, comments) is read by markup.ts, variables are handled
 * by variable_scope.ts; this file owns the element stack, contents and end-of-file checks.
 * Must not: do I/O, or interpret element names (that is the config/ruleset loaders' job).
 */
import { DiagnosticBag, errorMessage, sortDiagnostics } from "../core/mod.ts";
import type { Diagnostic, SourceLocation } from "../core/mod.ts";
import { AMP, BACKSLASH, BANG, LT, QUESTION, SLASH, codePointLabel, isForbiddenControl, isNameStart, isSpace } from "./chars.ts";
import type { XmlReport } from "./codes.ts";
import { decodeEntities } from "./entities.ts";
import { LineIndex } from "./line_index.ts";
import { Markup } from "./markup.ts";
import type { ReaderHost } from "./markup.ts";
import { SourceText } from "./source_text.ts";
import type { ReadXmlOptions, XmlAttribute, XmlDocument, XmlElement } from "./types.ts";
import { VariableScope } from "./variable_scope.ts";
import { Element } from "./xml_node.ts";

/** The reader stops after this many errors in one file (a binary file would flood). */
const maxErrors = 200;

const noElements: readonly XmlElement[] = Object.freeze([]);
const noAttributes: readonly XmlAttribute[] = Object.freeze([]);

/** An element whose end tag has not been read yet. Frames are pooled: one per depth. */
class Frame {
  name = "";
  attributes: readonly XmlAttribute[] = noAttributes;
  /** Source offset of the `<` of the start tag. */
  offset = 0;
  /** Document order of the start tag (variables defined before it are visible). */
  order = 0;
  isVar = false;
  /** The start tag was already reported as malformed: its implicit closing is not reported again. */
  malformed = false;
  children: XmlElement[] | null = null;
  readonly text: SourceText;
  /** Source offset where the current text starts (after the start tag or the last child). */
  textOffset = 0;

  constructor(src: string) {
    this.text = new SourceText(src);
  }
}

/** Reads `text` (the content of `file`) into elements and diagnostics. Never throws. */
export function readXml(text: string, file: string, options: ReadXmlOptions = {}): XmlDocument {
  try {
    return new Reader(text, file, options).read();
  } catch (error: unknown) {
    // A bug of ours, not of the input: still a diagnostic rather than a trace, as promised.
    const internal: Diagnostic = {
      code: "ERR_INTERNAL",
      severity: "error",
      message: `Cannot read XML: internal error: ${errorMessage(error)}`,
      location: { file, line: 1, column: 1 },
      hint: "This is a bug in Riposte; please report it with the file",
    };
    return { file, roots: [], diagnostics: [internal] };
  }
}

class Reader implements ReaderHost {
  readonly src: string;
  readonly config: boolean;
  pos = 0;
  readonly #lines: LineIndex;
  readonly #file: string;
  readonly #bag = new DiagnosticBag();
  readonly #vars: VariableScope;
  /** Open elements, outermost first; only the first #depth are in use (the rest are reused). */
  readonly #frames: Frame[] = [];
  #depth = 0;
  readonly #roots: XmlElement[] = [];
  readonly #markup: Markup;
  #order = 0;
  #errors = 0;
  /** Set when the rest of the file was swallowed (unterminated comment, error limit). */
  #truncated = false;

  constructor(src: string, file: string, options: ReadXmlOptions) {
    this.src = src;
    this.#file = file;
    this.config = (options.dialect ?? "config") === "config";
    this.#lines = new LineIndex(src, file);
    this.#vars = new VariableScope(options.variables ?? true, (...args) => this.report(...args), (offset) => this.locate(offset));
    this.#markup = new Markup(this);
  }

  read(): XmlDocument {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    const len = this.src.length;
    while (this.pos < len && !this.#truncated) {
      this.#content();
      if (this.pos < len && !this.#truncated) this.#markup.read();
    }
    this.#endOfFile();
    return { file: this.#file, roots: this.#roots, diagnostics: sortDiagnostics(this.#bag.list) };
  }

  get lines(): LineIndex {
    return this.#lines;
  }

  locate(offset: number): SourceLocation {
    return this.#lines.locate(offset);
  }

  report(...[code, message, offset, hint, warning]: Parameters<XmlReport>): void {
    if (this.#truncated) return;
    if (warning) {
      this.#bag.warning(code, message, this.locate(offset), hint);
      return;
    }
    this.#bag.error(code, message, this.locate(offset), hint);
    if (++this.#errors >= maxErrors) {
      this.#bag.error("XML_TOO_MANY_ERRORS", `Cannot read further: ${maxErrors} errors in this file`, this.locate(offset), "Fix the errors above first; is this really an XML file?");
      this.truncate();
    }
  }

  truncate(): void {
    this.#truncated = true;
    this.pos = this.src.length;
  }

  nextOrder(): number {
    return ++this.#order;
  }

  /** Scans text up to the next real markup `<`, adding it to the open element. */
  #content(): void {
    const src = this.src;
    const len = src.length;
    const start = this.pos;
    let amp = false;
    let i = start;
    for (; i < len; i++) {
      const c = src.charCodeAt(i);
      if (c === LT) {
        if (this.#isMarkup(i, start)) break;
      } else if (c < 32) {
        if (isForbiddenControl(c)) this.#controlCharacter(i, c);
      } else if (c === AMP) amp = true;
    }
    this.pos = i;
    if (i > start) this.addText(start, i, amp && this.config);
  }

  /** Whether the `<` at `i` starts markup; a `<` after an odd number of backslashes is content. */
  #isMarkup(i: number, runStart: number): boolean {
    const src = this.src;
    let b = i - 1;
    while (b >= runStart && src.charCodeAt(b) === BACKSLASH) b--;
    if (((i - 1 - b) & 1) === 1) return false;
    const next = src.charCodeAt(i + 1);
    if (next === SLASH || next === BANG || next === QUESTION || isNameStart(next)) return true;
    const literal = this.config ? '"&lt;"' : '"\\<"';
    this.report("XML_INVALID_CHARACTER", '"<" is not followed by an element name', i, `Write ${literal} for a literal "<", or fix the tag name`);
    return false;
  }

  #controlCharacter(offset: number, c: number): void {
    this.report("XML_INVALID_CHARACTER", `Control character ${codePointLabel(c)} is not allowed in XML`, offset, "Remove it; the file may be binary or badly encoded");
  }

  /** Checks a span that markup passed over (attribute values) for control characters. */
  checkControls(start: number, end: number): void {
    const src = this.src;
    for (let i = start; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c < 32 && isForbiddenControl(c)) this.#controlCharacter(i, c);
    }
  }

  /** Adds source span [start, end) to the open element's text (decoding entities if asked). */
  addText(start: number, end: number, decode: boolean): void {
    const frame = this.#top();
    if (frame === undefined) {
      this.#outsideText(start, end);
      return;
    }
    if (!decode) frame.text.appendRaw(start, end);
    else decodeEntities(this.src.slice(start, end), start, frame.text, (...args) => this.report(...args));
  }

  #outsideText(start: number, end: number): void {
    for (let i = start; i < end; i++) {
      if (!isSpace(this.src.charCodeAt(i))) {
        this.report("XML_TEXT_OUTSIDE_ELEMENT", "Text outside any element is ignored", i, "Move it inside an element, or into a comment", true);
        return;
      }
    }
  }

  /** Expands `$NAME` in an attribute value of the element numbered `order` (see VariableScope). */
  expandAttribute(value: string, origin: number | SourceText, order: number, tagName: string): string {
    return this.#vars.isDefinition(tagName) ? value : this.#vars.expand(value, order, origin);
  }

  #position(offset: number): string {
    const l = this.locate(offset);
    return `${l.line}:${l.column}`;
  }

  /** A start tag was read (this.pos is after it): open it, or finish it at once for `<x/>`. */
  openElement(name: string, offset: number, order: number, attributes: readonly XmlAttribute[], end: ">" | "/>" | ""): void {
    let frame = this.#frames[this.#depth];
    if (frame === undefined) {
      frame = new Frame(this.src);
      this.#frames.push(frame);
    }
    this.#depth++;
    frame.name = name;
    frame.attributes = attributes;
    frame.offset = offset;
    frame.order = order;
    frame.isVar = this.#vars.isDefinition(name);
    frame.malformed = end === "";
    frame.children = null;
    frame.text.reset(this.pos);
    frame.textOffset = this.pos;
    if (end === "/>") this.#finishTop(this.pos);
  }

  #top(): Frame | undefined {
    return this.#depth === 0 ? undefined : this.#frames[this.#depth - 1];
  }

  /** An end tag `</name>` starting at `offset` was read (this.pos is after it). */
  closeElement(name: string, offset: number): void {
    const top = this.#top();
    if (top === undefined) {
      this.report("XML_STRAY_END_TAG", `End tag "</${name}>" has no matching start tag`, offset, `Remove it, or add "<${name}>" before it`);
      return;
    }
    if (top.name === name) {
      this.#finishTop(this.pos);
      return;
    }
    this.#mismatched(name, offset, top);
  }

  #mismatched(name: string, offset: number, top: Frame): void {
    let k = this.#depth - 2;
    while (k >= 0 && this.#frames[k]!.name !== name) k--;
    const open = `"<${top.name}>" opened at ${this.#position(top.offset)}`;
    const caseOnly = top.name.toLowerCase() === name.toLowerCase();
    const hint = caseOnly
      ? `Element names are case-sensitive: ${open} must be closed by "</${top.name}>"`
      : `${open} is still open; close it with "</${top.name}>" first`;
    if (!top.malformed) this.report("XML_MISMATCHED_END_TAG", `End tag "</${name}>" does not match the open element "<${top.name}>"`, offset, hint);
    if (k >= 0) {
      // The inner elements were left unclosed: close them all here, with the matching one.
      while (this.#depth > k + 1) this.#finishTop(offset);
      this.#finishTop(this.pos);
    } else if (caseOnly || !this.#markup.nextTagCloses(this.pos, top.name)) {
      // Most likely a misspelt or wrong end tag for the open element: let it close it.
      this.#finishTop(this.pos);
    }
    // Otherwise the open element's own end tag follows: this one is stray and ignored.
  }

  /** Pops the innermost open element and attaches it; `end` is where its parent's text resumes. */
  #finishTop(end: number): void {
    const frame = this.#frames[--this.#depth]!;
    const parent = this.#top();
    if (parent !== undefined) {
      parent.text.reset(end);
      parent.textOffset = end;
    }
    if (frame.isVar) {
      this.#vars.define(frame.attributes, frame.text.text, frame.order, frame.offset);
      return;
    }
    const text = this.#vars.expand(frame.text.text, frame.order, frame.text);
    const element = new Element(frame.name, frame.attributes, frame.children ?? noElements, text, this.#lines, frame.offset, frame.textOffset);
    if (parent === undefined) this.#roots.push(element);
    else if (parent.children === null) parent.children = [element];
    else parent.children.push(element);
  }

  #endOfFile(): void {
    if (!this.#truncated) {
      for (let k = 0; k < this.#depth; k++) {
        const frame = this.#frames[k]!;
        if (!frame.malformed) this.report("XML_UNCLOSED_ELEMENT", `Element "<${frame.name}>" is never closed`, frame.offset, `Add "</${frame.name}>" where the element ends`);
      }
    }
    while (this.#depth > 0) this.#finishTop(this.src.length);
    this.#vars.finish();
    this.#lines.finish();
  }
}
