/**
 * PCRE2 → JavaScript RegExp source (semantics §2.4), keeping PCRE2's meaning:
 * - option settings `(?i)`, `(?-i)`, `(?i:...)`, `s`, `m`, `x`, `U`, `n` are applied during
 *   translation, scope by scope (caseless letters as `[aA]`, `.`, `^`, `$`, white space,
 *   greediness, numbering), so no RegExp flag is needed;
 * - `$` and `\Z` also match before a final "\n" (a second source is built for subjects
 *   ending in "\n", so the usual case keeps a linear-time RegExp);
 * - possessive quantifiers and atomic groups are emulated with `(?=(?<h>X))\k<h>`;
 * - leading `(*UTF)`-style verbs are dropped; backtracking-control verbs, recursion,
 *   conditionals, `\K` and branch reset are reported as inexpressible.
 * Must not: throw; build RegExps (pcre2.ts does).
 */
import type { CompileNote } from "./matcher.ts";
import { charEscape } from "./pcre2_escapes.ts";
import { translateClass } from "./pcre2_class.ts";
import { Pcre2Writer } from "./pcre2_writer.ts";

export interface Pcre2Translation {
  readonly ok: true;
  readonly source: string;
  /** Variant for subjects ending in "\n" (PCRE2's `$`), or null when `$` is not used. */
  readonly sourceFinalNewline: string | null;
  readonly flags: string;
  /** PCRE2 group n (1-based) is JavaScript group groupIndex[n - 1]. */
  readonly groupIndex: readonly number[];
  readonly notes: readonly CompileNote[];
}

export interface Pcre2Failure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

export type Pcre2Translated = Pcre2Translation | Pcre2Failure;

const DROPPED_VERBS = /^\(\*(?:UTF8?|UCP|NO_AUTO_POSSESS|NO_START_OPT|NO_DOTSTAR_ANCHOR|NO_JIT|NOTEMPTY(?:_ATSTART)?|LF|LIMIT_(?:MATCH|DEPTH|HEAP|RECURSION)=\d+)\)/;

function unsupported(what: string): Pcre2Failure {
  return { ok: false, code: "REGEX_PCRE2_UNSUPPORTED", message: `Cannot translate PCRE2 pattern: ${what} has no JavaScript equivalent`, hint: "Rewrite the pattern without it" };
}

function syntax(message: string, at: number): Pcre2Failure {
  return { ok: false, code: "REGEX_PCRE2_SYNTAX", message: `Cannot compile PCRE2 pattern: ${message} at offset ${at}` };
}

/** Leading verbs and one leading option setting; returns where the body starts. */
function prologue(p: string, notes: CompileNote[]): number | Pcre2Failure {
  let at = 0;
  for (let m = DROPPED_VERBS.exec(p); m !== null; m = DROPPED_VERBS.exec(p.slice(at))) {
    if (m[0].startsWith("(*UTF")) notes.push({ code: "REGEX_PCRE2_APPROXIMATED", message: "(*UTF): JavaScript matches UTF-16 units where PCRE2 would match UTF-8 characters; same result for valid text" });
    at += m[0].length;
  }
  if (p.startsWith("(*", at) && !p.startsWith("(*F", at)) return unsupported(`the verb "${p.slice(at, p.indexOf(")", at) + 1)}"`);
  return at;
}

/** Translates; `finalNewline` selects the `$` flavour for subjects ending in "\n". */
function run(p: string, finalNewline: boolean): Pcre2Failure | { ok: true; w: Pcre2Writer } {
  const notes: CompileNote[] = [];
  const w = new Pcre2Writer(p, finalNewline, notes);
  const start = prologue(p, notes);
  if (typeof start !== "number") return start;
  let i = w.leadingOptions(start);
  while (i < p.length) {
    const r = step(p, i, w);
    if (typeof r !== "number") return r;
    i = r;
  }
  const done = w.finish();
  return done === null ? { ok: true, w } : syntax(done, p.length);
}

/** One token at i; returns the next index. */
function step(p: string, i: number, w: Pcre2Writer): number | Pcre2Failure {
  const c = p[i] as string;
  if (w.scope.x && /[ \t\n\r\f\v]/.test(c)) return i + 1;
  if (w.scope.x && c === "#") {
    const nl = p.indexOf("\n", i);
    return nl < 0 ? p.length : nl + 1;
  }
  switch (c) {
    case "\\": return backslash(p, i, w);
    case "[": {
      const cls = translateClass(p, i, w.scope.i);
      if (!cls.ok) return syntax(cls.message, i);
      w.atom(cls.source);
      return i + cls.length;
    }
    case "(": return w.open(i);
    case ")": {
      const e = w.close();
      return e === null ? i + 1 : syntax(e, i);
    }
    case "|": w.alternation(); return i + 1;
    case ".": w.atom(w.scope.s ? "[\\s\\S]" : "[^\\n]"); return i + 1;
    case "^": w.anchor(w.scope.m ? "(?<![^\\n])" : "^"); return i + 1;
    case "$": w.dollar(); return i + 1;
    case "*": case "+": case "?": case "{": return w.quantifier(i);
    default:
      w.literal(c.charCodeAt(0));
      return i + 1;
  }
}

function backslash(p: string, i: number, w: Pcre2Writer): number | Pcre2Failure {
  const c = p[i + 1] ?? "";
  switch (c) {
    case "A": w.anchor("^"); return i + 2;
    case "z": w.anchor("$"); return i + 2;
    case "Z": w.dollarZ(); return i + 2;
    case "b": case "B": w.anchor("\\" + c); return i + 2;
    case "G": w.note("\\G is translated as the start of the subject"); w.anchor("^"); return i + 2;
    case "Q": {
      const end = p.indexOf("\\E", i + 2);
      const text = p.slice(i + 2, end < 0 ? p.length : end);
      for (let k = 0; k < text.length; k++) w.literal(text.charCodeAt(k));
      return end < 0 ? p.length : end + 2;
    }
    case "E": return i + 2;
    case "R": w.atom("(?:\\r\\n|[\\n\\v\\f\\r\\x85])"); return i + 2;
    case "K": return unsupported("\\K (reset match start)");
    case "X": case "C": case "p": case "P": return unsupported(`\\${c}`);
    case "g": case "k": return w.backreference(i);
    default: break;
  }
  if (/[1-9]/.test(c)) return w.backreference(i);
  const e = charEscape(p, i, false);
  if (e === null) return syntax(`unrecognized character follows \\ ("\\${c}")`, i);
  if (e.kind === "error") return syntax(e.message, i);
  if (e.kind === "atom") {
    if (e.cp !== undefined && e.cp <= 0xffff) w.literal(e.cp);
    else w.atom(e.source);
  } else {
    w.atom(e.piece.negated ? `[^${e.piece.items}]` : `[${e.piece.items}]`);
  }
  return i + e.length;
}

/** Translates a PCRE2 pattern; never throws. */
export function translatePcre2(pattern: string): Pcre2Translated {
  const main = run(pattern, false);
  if (!main.ok) return main;
  let nl: string | null = null;
  if (main.w.usesDollar) {
    const alt = run(pattern, true);
    if (!alt.ok) return alt;
    nl = alt.w.source();
  }
  const w = main.w;
  return { ok: true, source: w.source(), sourceFinalNewline: nl, flags: w.flags(), groupIndex: w.groupIndex(), notes: w.notes };
}
