/**
 * A cheap necessary condition for a pattern: the literal runs each alternative must consume,
 * in order. Decoding checks them against the lower-cased log before running a prematch or a
 * regex, which skips most of the hundred-odd patterns a line is tried against. It never
 * rejects an input the pattern could match: a match of an alternative consumes all its
 * mandatory literals, in order and without overlap, and the comparison is case-insensitive
 * (OS_Regex is ASCII case-insensitive; for PCRE2 that only makes the check weaker).
 * OS_Regex: every character outside escapes, groups markers and edge anchors is a literal
 * (semantics §2.3.1). PCRE2: only literals outside groups, classes and optional quantifiers
 * count, and patterns with top-level alternation or unusual syntax get no filter.
 * Private to the decoders folder.
 */

/** Lower-cased runs one alternative must consume, in this order. */
export interface Alternative {
  readonly runs: readonly string[];
  /** The first run starts the input (a `^` followed by a literal). */
  readonly anchored: boolean;
}

/** The alternatives of a pattern: an input may match only if one of them fits. */
export type Runs = readonly Alternative[];

const OS_CLASS_ESCAPES = new Set(["w", "d", "s", "p", "W", "D", "S", ".", "t"]);
const OS_LITERAL_ESCAPES = new Set(["$", "(", ")", "\\", "|", "<"]);

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

/** Runs of an OS_Regex pattern, or undefined when some alternative has no literal. */
export function osRegexRuns(source: string): Runs | undefined {
  if (source === "") return undefined;
  const alts: Alternative[] = [];
  for (const alt of splitOsAlternatives(source)) {
    const runs = osAlternativeRuns(alt);
    if (!runs || runs.length === 0) return undefined;
    alts.push({ runs, anchored: alt[0] === "^" && osLiteralAt(alt, 1) });
  }
  return alts;
}

function splitOsAlternatives(source: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === "|") {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

/** True when the OS_Regex token at `i` is a literal character. */
function osLiteralAt(alt: string, i: number): boolean {
  const c = alt[i];
  if (c === undefined || c === "(" || c === ")" || (c === "$" && i === alt.length - 1)) return false;
  if (c === "\\") return OS_LITERAL_ESCAPES.has(alt[i + 1] ?? "");
  return c.charCodeAt(0) < 128;
}

function osAlternativeRuns(alt: string): string[] | undefined {
  const r = new RunCollector();
  const last = alt.length - 1;
  for (let i = 0; i < alt.length; i++) {
    const c = alt[i] as string;
    if (c === "\\") {
      const e = alt[++i];
      if (e === undefined) return undefined;
      if (OS_LITERAL_ESCAPES.has(e)) r.add(e);
      else if (OS_CLASS_ESCAPES.has(e)) {
        r.end();
        if (alt[i + 1] === "+" || alt[i + 1] === "*") i++;
      } else return undefined;
    } else if (c === "(" || c === ")" || (c === "^" && i === 0) || (c === "$" && i === last)) {
      r.end();
    } else {
      r.add(c);
    }
  }
  r.end();
  return r.runs;
}

/** PCRE2 escapes that take no argument: classes, assertions and single characters. */
const PCRE2_PLAIN_ESCAPES = new Set([..."dDwWsShHvVbBAzZGRKnrtfea"]);

/** Runs of a PCRE2 pattern (mandatory top-level literals), or undefined when unsure. */
export function pcre2Runs(source: string): Runs | undefined {
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

/** Tests turn the filter off to check that it never changes a result. */
export const prefilterSwitch = { enabled: true };

/**
 * True when some alternative's runs all occur in `lowerInput`, in order (the first one at the
 * start for anchored alternatives, unless `anchorsValid` is false: the input is then a
 * superset that does not start where the pattern's input starts).
 */
export function mayMatch(runs: Runs, lowerInput: string, anchorsValid = true): boolean {
  if (!prefilterSwitch.enabled) return true;
  for (const alt of runs) if (fits(alt, lowerInput, anchorsValid)) return true;
  return false;
}

function fits(alt: Alternative, input: string, anchorsValid: boolean): boolean {
  const runs = alt.runs;
  let pos = 0;
  let k = 0;
  if (alt.anchored && anchorsValid) {
    const first = runs[0] ?? "";
    if (!input.startsWith(first)) return false;
    pos = first.length;
    k = 1;
  }
  for (; k < runs.length; k++) {
    const run = runs[k] as string;
    const at = input.indexOf(run, pos);
    if (at < 0) return false;
    pos = at + run.length;
  }
  return true;
}
