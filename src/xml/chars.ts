/**
 * Character classes of the reader, on UTF-16 code units (charCodeAt). Names follow XML's
 * ASCII subset plus any non-ASCII unit, which is what os_xml tolerates in practice.
 * Must not: allocate; these run once per input character.
 */

export const LT = 60; // <
export const GT = 62; // >
export const SLASH = 47; // /
export const BANG = 33; // !
export const QUESTION = 63; // ?
export const EQUALS = 61; // =
export const AMP = 38; // &
export const BACKSLASH = 92; // \
export const DQUOTE = 34; // "
export const SQUOTE = 39; // '

export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 128;
}

export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** Control characters XML forbids (everything below space but tab, newline, return). */
export function isForbiddenControl(c: number): boolean {
  return c < 32 && c !== 9 && c !== 10 && c !== 13;
}

/** `U+0001` style, for messages. */
export function codePointLabel(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}
