/**
 * Diagnostic codes of the XML reader. Each is documented in docs/errors.md (section "XML").
 * Also the signature through which the reader's parts report a diagnostic.
 * Must not: hold anything but the code table and that signature.
 */
import { defineCodes } from "../core/mod.ts";

export const xmlCodes = defineCodes({
  XML_MISMATCHED_END_TAG: "An end tag does not match the element that is open",
  XML_STRAY_END_TAG: "An end tag appears while no element is open",
  XML_UNCLOSED_ELEMENT: "An element is still open at the end of the file",
  XML_MALFORMED_TAG: "A start or end tag is not well formed (missing name, junk, no closing >)",
  XML_BAD_ATTRIBUTE: "An attribute lacks its = or its quotes, or its value is never closed",
  XML_DUPLICATE_ATTRIBUTE: "The same attribute appears twice on one element",
  XML_INVALID_CHARACTER: "A control character, or a < that starts no tag, comment or declaration",
  XML_UNTERMINATED_COMMENT: "A comment is never closed",
  XML_UNTERMINATED_CDATA: "A CDATA section is never closed",
  XML_UNTERMINATED_DECLARATION: "A <? ?> declaration is never closed",
  XML_UNDEFINED_VARIABLE: "A $NAME reference names no variable defined before it",
  XML_BAD_VARIABLE: "A <var> definition has no name, an empty name or another attribute",
  XML_UNKNOWN_ENTITY: "An &name; entity is not one of the five XML entities (kept as written)",
  XML_BAD_CHARACTER_REFERENCE: "A &#…; character reference names no valid character",
  XML_TEXT_OUTSIDE_ELEMENT: "Text outside any element (ignored)",
  XML_TOO_MANY_ERRORS: "The reader stopped after too many errors in one file",
});

/** How the reader's parts report: code, message, source offset, hint, and whether it is a warning. */
export type XmlReport = (code: keyof typeof xmlCodes, message: string, offset: number, hint?: string, warning?: boolean) => void;
