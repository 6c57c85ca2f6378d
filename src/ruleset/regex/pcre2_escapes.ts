/**
 * PCRE2 escapes and character classes as JavaScript RegExp source, with PCRE2's 8-bit,
 * non-UTF meanings (Wazuh compiles PCRE2 with no options): `\s` is ASCII white space
 * (JavaScript's also takes Unicode spaces), `\h` `\v` `\R` `\N` exist, `.` stops only at
 * "\n", POSIX classes, `\x{..}`, `\o{..}` and octal.
 * Must not: know about groups or quantifiers (pcre2_translate.ts).
 */
import { escapeUnit } from "./ascii_literal.ts";

/** Items usable inside a JavaScript class, and the class each "negated" escape stands for. */
export const SPACE_ITEMS = "\\t\\n\\v\\f\\r ";
export const HSPACE_ITEMS = "\\t \\xa0";
export const VSPACE_ITEMS = "\\n\\v\\f\\r\\x85";

const POSIX: Readonly<Record<string, string>> = {
  alpha: "A-Za-z", digit: "0-9", alnum: "A-Za-z0-9", upper: "A-Z", lower: "a-z",
  space: SPACE_ITEMS, blank: " \\t", punct: "!-\\/:-@\\[-`{-~", xdigit: "0-9A-Fa-f",
  word: "A-Za-z0-9_", cntrl: "\\x00-\\x1f\\x7f", print: " -~", graph: "!-~", ascii: "\\x00-\\x7f",
};

/** Class items (inside `[...]`) for a positive item, or a complement set to negate. */
export interface ClassPiece {
  readonly items: string;
  /** The piece is the complement of `items`. */
  readonly negated: boolean;
}

export type EscapeResult =
  | { readonly kind: "atom"; readonly source: string; readonly length: number; readonly cp?: number }
  | { readonly kind: "piece"; readonly piece: ClassPiece; readonly length: number }
  | { readonly kind: "error"; readonly message: string };

/** A code point as a RegExp atom; outside the BMP as a surrogate pair (atom only). */
export function codePointSource(cp: number, inClass: boolean): string | null {
  if (cp <= 0xffff) return escapeUnit(cp);
  if (inClass || cp > 0x10ffff) return null;
  return `(?:${escapeUnit(0xd800 + ((cp - 0x10000) >> 10))}${escapeUnit(0xdc00 + ((cp - 0x10000) & 0x3ff))})`;
}

function numeric(p: string, at: number, re: RegExp, radix: number): { cp: number; length: number } | null {
  re.lastIndex = at;
  const m = re.exec(p);
  if (m === null || m[1] === undefined) return null;
  return { cp: m[1] === "" ? 0 : parseInt(m[1], radix), length: m[0].length };
}

/** Escapes whose meaning is a code point: \x \o octal \a \e \f \n \r \t \cX \N{U+..}. */
function codePointEscape(p: string, at: number): { cp: number; length: number } | null {
  const c = p[at + 1];
  const simple: Record<string, number> = { a: 7, e: 27, f: 12, n: 10, r: 13, t: 9 };
  if (c !== undefined && simple[c] !== undefined) return { cp: simple[c], length: 2 };
  if (c === "x") return numeric(p, at, /\\x\{([0-9A-Fa-f]+)\}/y, 16) ?? numeric(p, at, /\\x([0-9A-Fa-f]{0,2})/y, 16) ?? { cp: 0, length: 2 };
  if (c === "o") return numeric(p, at, /\\o\{([0-7]+)\}/y, 8);
  if (c === "0") return numeric(p, at, /\\(0[0-7]{0,2})/y, 8);
  if (c === "N") return numeric(p, at, /\\N\{U\+([0-9A-Fa-f]+)\}/y, 16);
  if (c === "c") {
    const ch = p.charCodeAt(at + 2);
    if (ch >= 32 && ch < 127) return { cp: (ch >= 97 && ch <= 122 ? ch - 32 : ch) ^ 0x40, length: 3 };
  }
  return null;
}

function piece(items: string, negated: boolean): EscapeResult {
  return { kind: "piece", piece: { items, negated }, length: 2 };
}

/** Class-like escapes (\d \s \h \v \w and their complements). */
function classEscape(c: string): EscapeResult | null {
  switch (c) {
    case "d": return piece("0-9", false);
    case "D": return piece("0-9", true);
    case "w": return piece("A-Za-z0-9_", false);
    case "W": return piece("A-Za-z0-9_", true);
    case "s": return piece(SPACE_ITEMS, false);
    case "S": return piece(SPACE_ITEMS, true);
    case "h": return piece(HSPACE_ITEMS, false);
    case "H": return piece(HSPACE_ITEMS, true);
    case "v": return piece(VSPACE_ITEMS, false);
    case "V": return piece(VSPACE_ITEMS, true);
    default: return null;
  }
}

/**
 * An escape at `at` (p[at] is the backslash) that means a character or a set, valid both
 * inside and outside classes. Returns null for escapes that are structure (anchors,
 * backreferences, \Q) which the caller handles.
 */
export function charEscape(p: string, at: number, inClass: boolean): EscapeResult | null {
  const c = p[at + 1];
  if (c === undefined) return { kind: "error", message: "\\ at end of pattern" };
  const cls = classEscape(c);
  if (cls !== null) return cls;
  if (inClass && c === "b") return { kind: "atom", source: "\\x08", length: 2, cp: 8 };
  if (c === "N" && p[at + 2] !== "{") return inClass ? { kind: "error", message: "\\N is not allowed in a class" } : { kind: "atom", source: "[^\\n]", length: 2 };
  const cp = codePointEscape(p, at);
  if (cp !== null) {
    const source = codePointSource(cp.cp, inClass);
    return source === null ? { kind: "error", message: `character code point ${cp.cp.toString(16)} cannot be expressed here` } : { kind: "atom", source, length: cp.length, cp: cp.cp };
  }
  if (/[A-Za-z0-9]/.test(c)) return null;
  return { kind: "atom", source: escapeUnit(c.charCodeAt(0)), length: 2, cp: c.charCodeAt(0) };
}

/**
 * A POSIX class `[:name:]` at `at` inside a class, or null. Caseless (`fold`), `upper` and
 * `lower` match every letter, as in PCRE2.
 */
export function posixClass(p: string, at: number, fold: boolean): { piece: ClassPiece; length: number } | null {
  const m = /\[:(\^?)([a-z]+):\]/y;
  m.lastIndex = at;
  const r = m.exec(p);
  if (r === null) return null;
  const name = r[2] ?? "";
  const items = fold && (name === "upper" || name === "lower") ? "A-Za-z" : POSIX[name];
  if (items === undefined) return null;
  return { piece: { items, negated: r[1] === "^" }, length: r[0].length };
}
