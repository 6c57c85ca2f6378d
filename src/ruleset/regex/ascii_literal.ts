/**
 * Literal text as JavaScript RegExp source, case-insensitive the way Wazuh is: ASCII letters
 * only (`a` → `[aA]`); every other unit, including non-ASCII letters, matches itself. The
 * RegExp `i` flag is not used because it also folds non-ASCII letters.
 * Must not: be used for PCRE2 (its case rules are PCRE2's own, see pcre2_translate.ts).
 */

const SPECIAL = /[\\^$.*+?()[\]{}|/-]/;

/** One UTF-16 unit as an exact RegExp atom (usable inside and outside a class). */
export function escapeUnit(unit: number): string {
  const ch = String.fromCharCode(unit);
  if (SPECIAL.test(ch)) return "\\" + ch;
  if (unit < 32 || unit === 127 || (unit >= 0xd800 && unit <= 0xdfff)) return "\\u" + unit.toString(16).padStart(4, "0");
  return ch;
}

/** One unit, folding ASCII letters when `fold`. */
export function literalUnit(unit: number, fold: boolean): string {
  if (fold && unit >= 97 && unit <= 122) return `[${String.fromCharCode(unit)}${String.fromCharCode(unit - 32)}]`;
  if (fold && unit >= 65 && unit <= 90) return `[${String.fromCharCode(unit + 32)}${String.fromCharCode(unit)}]`;
  return escapeUnit(unit);
}

/** A whole string, exact or ASCII-case-insensitive. */
export function literalSource(text: string, fold: boolean): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += literalUnit(text.charCodeAt(i), fold);
  return out;
}

/** Does the text contain an ASCII letter (so a case-insensitive search needs a RegExp)? */
export function hasAsciiLetter(text: string): boolean {
  return /[A-Za-z]/.test(text);
}
