/**
 * A PCRE2 character class `[...]` as JavaScript RegExp source: `]` first is literal,
 * POSIX classes, PCRE2's own escapes, `\Q...\E`. A class mixing ordinary items with a
 * complemented set (`[a\S]`) becomes `(?:[a]|[^...])`; a negated class holding a
 * complemented set cannot be expressed without the `v` flag and is reported.
 * Must not: handle anything outside the brackets.
 */
import { escapeUnit } from "./ascii_literal.ts";
import { charEscape, posixClass } from "./pcre2_escapes.ts";
import type { ClassPiece } from "./pcre2_escapes.ts";

export type ClassResult =
  | { readonly ok: true; readonly source: string; readonly length: number; readonly letters: boolean }
  | { readonly ok: false; readonly message: string };

interface ClassState {
  items: string;
  complements: ClassPiece[];
  letters: boolean;
}

/** Reads one item at `i`; returns the next index or an error message. */
function item(p: string, i: number, st: ClassState): number | string {
  if (p.startsWith("[:", i)) {
    const px = posixClass(p, i);
    if (px !== null) {
      if (px.piece.negated) st.complements.push(px.piece);
      else st.items += px.piece.items;
      st.letters ||= /[A-Za-z]/.test(px.piece.items);
      return i + px.length;
    }
  }
  const c = p[i] as string;
  if (c !== "\\") {
    st.items += c === "-" ? "-" : escapeUnit(c.charCodeAt(0));
    st.letters ||= /[A-Za-z]/.test(c);
    return i + 1;
  }
  if (p[i + 1] === "Q") {
    const end = p.indexOf("\\E", i + 2);
    const text = p.slice(i + 2, end < 0 ? p.length : end);
    for (const ch of text) st.items += escapeUnit(ch.charCodeAt(0));
    st.letters ||= /[A-Za-z]/.test(text);
    return end < 0 ? p.length : end + 2;
  }
  if (p[i + 1] === "E") return i + 2;
  const e = charEscape(p, i, true);
  if (e === null) return `unsupported escape "\\${p[i + 1]}" in a class`;
  if (e.kind === "error") return e.message;
  if (e.kind === "atom") {
    st.items += e.source;
    st.letters ||= /[A-Za-z]/.test(p.slice(i, i + e.length)) && !/^\\[xoc0-7]/.test(p.slice(i, i + 2));
  } else if (e.piece.negated) {
    st.complements.push(e.piece);
  } else {
    st.items += e.piece.items;
  }
  return i + e.length;
}

/** Translates the class starting at `start` (p[start] === "["). */
export function translateClass(p: string, start: number): ClassResult {
  let i = start + 1;
  const negated = p[i] === "^";
  if (negated) i++;
  const st: ClassState = { items: "", complements: [], letters: false };
  if (p[i] === "]") {
    st.items += "\\]";
    i++;
  }
  while (i < p.length && p[i] !== "]") {
    const next = item(p, i, st);
    if (typeof next === "string") return { ok: false, message: next };
    i = next;
  }
  if (i >= p.length) return { ok: false, message: "missing terminating ] for character class" };
  const length = i + 1 - start;
  if (st.complements.length === 0) return { ok: true, source: `[${negated ? "^" : ""}${st.items}]`, length, letters: st.letters };
  if (negated) return { ok: false, message: "a negated class containing a negated set (such as [^\\S]) cannot be expressed" };
  const parts = st.items === "" ? [] : [`[${st.items}]`];
  for (const c of st.complements) parts.push(`[^${c.items}]`);
  return { ok: true, source: parts.length === 1 ? (parts[0] as string) : `(?:${parts.join("|")})`, length, letters: st.letters };
}
