/**
 * OS_Regex's escape vocabulary (semantics §2.3.1): which escape letters exist, the code each
 * compiles to, and the membership table the interpreter reads. Also the ASCII-only case map
 * Wazuh uses (bytes >= 128 compare as is).
 * Must not: know about matching order; that is os_regex_exec.ts.
 */

/** Marks "an escape follows" in a compiled alternative. A literal backslash never remains. */
export const BS = 92;
/** Opening and closing parentheses compile to the same marker, as in Wazuh. */
export const PAREN = 40;
export const PLUS = 43;
export const STAR = 42;

/** Escape letter → class code (1-based; 0 = unknown escape, a compile error). */
const ESCAPES = "dwsp()\\DWS.t$|<";

export function escapeCode(letter: number): number {
  const i = ESCAPES.indexOf(String.fromCharCode(letter));
  return i < 0 ? 0 : i + 1;
}

/** The escape letter of a class code, for messages and translation. */
export function escapeLetter(code: number): string {
  return ESCAPES[code - 1] ?? "?";
}

const WORD = /[A-Za-z0-9@_-]/;
const PUNCT = "!\"#$%&'()*+,-.:;<=>?[]{|}";

/** Does character `c` (0..127, or 128 standing for every non-ASCII unit) belong to `code`? */
function member(code: number, c: number): boolean {
  const ch = String.fromCharCode(c);
  const ascii = c < 128;
  switch (ESCAPES[code - 1]) {
    case "d": return c >= 48 && c <= 57;
    case "w": return ascii && WORD.test(ch);
    case "s": return c === 32;
    case "p": return ascii && PUNCT.includes(ch);
    case "D": return !(c >= 48 && c <= 57);
    case "W": return !(ascii && WORD.test(ch));
    case "S": return c !== 32;
    case ".": return true;
    case "t": return c === 9;
    default: return ascii && ch === ESCAPES[code - 1];
  }
}

const WIDTH = 129;
/** Row width of CLASS_TABLE: units 0..127, then one column for every unit >= 128. */
export const CLASS_WIDTH = WIDTH;
/** CLASS_TABLE[code * 129 + min(unit, 128)] is 1 when the unit belongs to the class. */
export const CLASS_TABLE: Uint8Array = (() => {
  const t = new Uint8Array((ESCAPES.length + 1) * WIDTH);
  for (let code = 1; code <= ESCAPES.length; code++) {
    for (let c = 0; c < WIDTH; c++) t[code * WIDTH + c] = member(code, c) ? 1 : 0;
  }
  return t;
})();

/** Class membership of a UTF-16 unit; every unit >= 128 behaves like a byte >= 128. */
export function inClass(code: number, unit: number): boolean {
  return CLASS_TABLE[code * WIDTH + (unit < 128 ? unit : 128)] === 1;
}

/** Wazuh's charmap: ASCII upper case to lower case, everything else unchanged. */
export function foldAscii(unit: number): number {
  return unit >= 65 && unit <= 90 ? unit + 32 : unit;
}

/** JavaScript RegExp source for a class code (used by the translation fallback). */
export function classSource(code: number): string {
  switch (ESCAPES[code - 1]) {
    case "d": return "[0-9]";
    case "w": return "[A-Za-z0-9@_\\-]";
    case "s": return " ";
    case "p": return "[!\"#$%&'()*+,\\-.:;<=>?\\[\\]{|}]";
    case "D": return "[^0-9]";
    case "W": return "[^A-Za-z0-9@_\\-]";
    case "S": return "[^ ]";
    case ".": return "[\\s\\S]";
    case "t": return "\\t";
    default: return "\\" + (ESCAPES[code - 1] ?? "");
  }
}
