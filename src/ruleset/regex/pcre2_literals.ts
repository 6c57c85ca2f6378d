/**
 * The required literals of a PCRE2 pattern (required_literals.ts): only literals outside
 * groups, classes and optional quantifiers count, lower-cased (for a case-sensitive pattern
 * that only makes the check weaker); patterns with top-level alternation, extended mode or
 * escapes with arguments get none. Conservative: when unsure, no literal.
 * Must not: claim a literal some match could lack.
 */
import type { RequiredLiterals } from "./required_literals.ts";

/** Collects lower-cased ASCII runs; a non-ASCII character ends the current run. */
class RunCollector {
  readonly runs: string[] = [];
  cur = "";

  add(c: string): void {
    if (c.charCodeAt(0) >= 128) this.end();
    else this.cur += c.toLowerCase();
  }

  end(): void {
    if (this.cur !== "") this.runs.push(this.cur);
    this.cur = "";
  }
}

/** PCRE2 escapes that take no argument: classes, assertions and single characters. */
const PCRE2_PLAIN_ESCAPES = new Set([..."dDwWsShHvVbBAzZGRKnrtfea"]);

/** The mandatory top-level literals of a PCRE2 pattern, or undefined when unsure. */
export function pcre2RequiredLiterals(source: string): RequiredLiterals | undefined {
  // Extended mode anywhere makes spaces and # mean something else: no analysis.
  if (/\(\?[a-zA-Z^-]*x/.test(source)) return undefined;
  let i = 0;
  const flags = /^\(\?([a-zA-Z]*)\)/.exec(source);
  if (flags) {
    if (/[^imsU]/.test(flags[1] ?? "")) return undefined;
    i = flags[0].length;
  }
  const r = new RunCollector();
  let depth = 0;
  for (; i < source.length; i++) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === "\\") {
      const e = next;
      if (e === undefined) return undefined;
      const alnum = /[A-Za-z0-9]/.test(e);
      // Escapes with arguments (\x41, \x{..}, \p{..}, \1, \k<n>, \Q…) are not analysed.
      if (alnum && !PCRE2_PLAIN_ESCAPES.has(e)) return undefined;
      i++;
      if (depth === 0 && !alnum) literal(r, e, source[i + 1]);
      else r.end();
    } else if (c === "{") {
      r.end();
      const close = source.indexOf("}", i);
      if (close < 0 || !/^(?:\d+(?:,\d*)?|,\d+)$/.test(source.slice(i + 1, close))) return undefined;
      i = close;
    } else if (c === "[") {
      r.end();
      i = skipClass(source, i);
      if (i < 0) return undefined;
    } else if (c === "(") {
      r.end();
      depth++;
    } else if (c === ")") {
      r.end();
      depth--;
    } else if (c === "|") {
      if (depth === 0) return undefined;
    } else if (depth > 0 || ".^$?*+}".includes(c)) {
      r.end();
    } else {
      literal(r, c, next);
    }
    if (literalQuantified(source[i + 1])) r.end();
  }
  r.end();
  return r.runs.length > 0 ? [{ runs: r.runs, anchored: pcre2Anchored(source, flags?.[1] ?? "", flags?.[0].length ?? 0) }] : undefined;
}

/** `^` then a mandatory plain literal, and no multi-line mode anywhere. */
function pcre2Anchored(source: string, flags: string, at: number): boolean {
  if (flags.includes("m") || /\(\?[a-zA-Z^-]*m/.test(source) || source[at] !== "^") return false;
  const c = source[at + 1];
  const after = source[at + 2];
  if (c === undefined || "\\[](){}.^$|?*+".includes(c) || c.charCodeAt(0) >= 128) return false;
  return after !== "?" && after !== "*" && after !== "{";
}

/** Adds a literal unless the quantifier after it makes it optional. */
function literal(r: RunCollector, c: string, after: string | undefined): void {
  if (after === "?" || after === "*" || after === "{") {
    r.end();
    return;
  }
  r.add(c);
}

/** After a `+` the next literal is not contiguous with this one. */
function literalQuantified(after: string | undefined): boolean {
  return after === "+";
}

/** Index of the `]` closing the class opened at `start`, or -1. */
function skipClass(s: string, start: number): number {
  let i = start + 1;
  if (s[i] === "^") i++;
  if (s[i] === "]") i++;
  for (; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === "[" && s[i + 1] === ":") {
      const end = s.indexOf(":]", i + 2);
      if (end < 0) return -1;
      i = end + 1;
    } else if (s[i] === "]") return i;
  }
  return -1;
}
