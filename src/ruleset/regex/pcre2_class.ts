/**
 * A PCRE2 character class `[...]` as JavaScript RegExp source: `]` first is literal,
 * ranges, POSIX classes, PCRE2's own escapes, `\Q...\E`; caseless classes get the other
 * ASCII case of every letter range added (PCRE2's C-locale caseless matching, without the
 * RegExp `i` flag that V8's linear engine cannot run). A class mixing ordinary items with a
 * complemented set (`[a\S]`) becomes `(?:[a]|[^...])`; a negated class holding a
 * complemented set cannot be expressed without the `v` flag and is reported.
 * Must not: handle anything outside the brackets.
 */
import { escapeUnit } from "./ascii_literal.ts";
import { charEscape, posixClass } from "./pcre2_escapes.ts";
import type { ClassPiece } from "./pcre2_escapes.ts";

export type ClassResult =
  | { readonly ok: true; readonly source: string; readonly length: number }
  | { readonly ok: false; readonly message: string };

/** A code point, a ready-made set of items, or an unescaped `-`. */
type Atom = { readonly cp: number } | { readonly raw: string } | "dash";

interface ClassState {
  atoms: Atom[];
  complements: ClassPiece[];
}

function quoted(p: string, i: number, st: ClassState): number {
  const end = p.indexOf("\\E", i + 2);
  const text = p.slice(i + 2, end < 0 ? p.length : end);
  for (let k = 0; k < text.length; k++) st.atoms.push({ cp: text.charCodeAt(k) });
  return end < 0 ? p.length : end + 2;
}

/** Reads one item at `i`; returns the next index or an error message. */
function item(p: string, i: number, st: ClassState, fold: boolean): number | string {
  if (p.startsWith("[:", i)) {
    const px = posixClass(p, i, fold);
    if (px !== null) {
      if (px.piece.negated) st.complements.push(px.piece);
      else st.atoms.push({ raw: px.piece.items });
      return i + px.length;
    }
  }
  const c = p.charCodeAt(i);
  if (c !== 92) {
    st.atoms.push(c === 45 ? "dash" : { cp: c });
    return i + 1;
  }
  if (p[i + 1] === "Q") return quoted(p, i, st);
  if (p[i + 1] === "E") return i + 2;
  const e = charEscape(p, i, true);
  if (e === null) return `unsupported escape "\\${p[i + 1]}" in a class`;
  if (e.kind === "error") return e.message;
  if (e.kind === "atom") st.atoms.push(e.cp !== undefined ? { cp: e.cp } : { raw: e.source });
  else if (e.piece.negated) st.complements.push(e.piece);
  else st.atoms.push({ raw: e.piece.items });
  return i + e.length;
}

/** The other-case counterpart of the letters in [lo, hi], as class items. */
function otherCase(lo: number, hi: number): string {
  let out = "";
  const a = Math.max(lo, 97), b = Math.min(hi, 122);
  if (a <= b) out += String.fromCharCode(a - 32) + (b > a ? "-" + String.fromCharCode(b - 32) : "");
  const c = Math.max(lo, 65), d = Math.min(hi, 90);
  if (c <= d) out += String.fromCharCode(c + 32) + (d > c ? "-" + String.fromCharCode(d + 32) : "");
  return out;
}

/** Joins atoms into class items, forming ranges; folds case when asked. */
function assemble(atoms: readonly Atom[], fold: boolean): string | { error: string } {
  let items = "";
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k] as Atom;
    if (a === "dash") {
      items += "\\-";
      continue;
    }
    if ("raw" in a) {
      items += a.raw;
      continue;
    }
    let hi = a.cp;
    const next = atoms[k + 1];
    const end = atoms[k + 2];
    if (next === "dash" && end !== undefined && end !== "dash" && "cp" in end) {
      hi = end.cp;
      if (hi < a.cp) return { error: "range out of order in character class" };
      k += 2;
    }
    items += escapeUnit(a.cp) + (hi > a.cp ? "-" + escapeUnit(hi) : "");
    if (fold) items += otherCase(a.cp, hi);
  }
  return items;
}

/** Translates the class starting at `start` (p[start] === "["); `fold` = caseless. */
export function translateClass(p: string, start: number, fold: boolean): ClassResult {
  let i = start + 1;
  const negated = p[i] === "^";
  if (negated) i++;
  const st: ClassState = { atoms: [], complements: [] };
  if (p[i] === "]") {
    st.atoms.push({ cp: 93 });
    i++;
  }
  while (i < p.length && p[i] !== "]") {
    const next = item(p, i, st, fold);
    if (typeof next === "string") return { ok: false, message: next };
    i = next;
  }
  if (i >= p.length) return { ok: false, message: "missing terminating ] for character class" };
  const items = assemble(st.atoms, fold);
  if (typeof items !== "string") return { ok: false, message: items.error };
  const length = i + 1 - start;
  if (st.complements.length === 0) return { ok: true, source: `[${negated ? "^" : ""}${items}]`, length };
  if (negated) return { ok: false, message: "a negated class containing a negated set (such as [^\\S]) cannot be expressed" };
  const parts = items === "" ? [] : [`[${items}]`];
  for (const c of st.complements) parts.push(`[^${c.items}]`);
  return { ok: true, source: parts.length === 1 ? (parts[0] as string) : `(?:${parts.join("|")})`, length };
}
