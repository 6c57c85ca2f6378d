/**
 * The output side of the PCRE2 translation: the JavaScript source being built, the option
 * scopes of nested groups, group numbering (PCRE2 number → JavaScript index, which helper
 * groups of the atomic emulation shift), quantifiers and option-setting groups.
 * Caseless matching is written out (`[aA]`) rather than left to the RegExp `i` flag: it is
 * PCRE2's ASCII-only caseless matching, it follows `(?i)`/`(?-i)` scopes exactly, and it
 * keeps the RegExp runnable by V8's linear engine (which rejects `i`).
 * Must not: read escapes or classes (pcre2_translate.ts, pcre2_class.ts).
 */
import type { CompileNote } from "./matcher.ts";
import { literalUnit } from "./ascii_literal.ts";

/** PCRE2 options in effect (i caseless, m multiline, s dotall, x extended, U ungreedy, n no auto capture). */
export interface Scope {
  i: boolean; m: boolean; s: boolean; x: boolean; U: boolean; n: boolean;
}

interface Frame {
  readonly kind: "capture" | "plain" | "atomic" | "look";
  readonly outStart: number;
  readonly saved: Scope;
}

const MARK = "\u0000";
const OPTION = /\(\?([imsxnUJ]*)(?:-([imsxnUJ]*))?(\)|:)/y;
const QUANT = /(?:\*|\+|\?|\{(\d+)(?:(,)(\d*))?\})([?+]?)/y;
const NAMED = /\(\?(?:P?<|')([A-Za-z_]\w*)[>']/y;

export class Pcre2Writer {
  scope: Scope = { i: false, m: false, s: false, x: false, U: false, n: false };
  usesDollar = false;
  readonly notes: CompileNote[];
  readonly #p: string;
  readonly #finalNewline: boolean;
  #out = "";
  #frames: Frame[] = [];
  #groups: { pos: number; pcre: number }[] = [];
  #count = 0;
  #maxRef = 0;
  #helpers = 0;
  #lastAtom = -1;

  constructor(p: string, finalNewline: boolean, notes: CompileNote[]) {
    this.#p = p;
    this.#finalNewline = finalNewline;
    this.notes = notes;
  }

  note(message: string): void {
    if (!this.notes.some((n) => n.message === message)) this.notes.push({ code: "REGEX_PCRE2_APPROXIMATED", message });
  }

  #apply(on: string, off: string): Scope {
    const s = { ...this.scope };
    for (const f of on) if (f in s) s[f as keyof Scope] = true;
    for (const f of off) if (f in s) s[f as keyof Scope] = false;
    return s;
  }

  /** Leading `(?flags)` settings. Returns the body start. */
  leadingOptions(at: number): number {
    let i = at;
    for (;;) {
      OPTION.lastIndex = i;
      const m = OPTION.exec(this.#p);
      if (m === null || m[3] !== ")") return i;
      this.scope = this.#apply(m[1] ?? "", m[2] ?? "");
      i += m[0].length;
    }
  }

  atom(source: string): void {
    this.#lastAtom = this.#out.length;
    this.#out += source;
  }

  /** One literal unit, caseless when the scope says so. */
  literal(unit: number): void {
    this.atom(literalUnit(unit, this.scope.i));
  }

  anchor(source: string): void {
    this.#out += source;
    this.#lastAtom = -1;
  }

  dollar(): void {
    if (this.scope.m) this.anchor("(?![^\\n])");
    else this.dollarZ();
  }

  /** PCRE2 `$` (no multiline) and `\Z`: the end, or just before a final "\n". */
  dollarZ(): void {
    this.usesDollar = true;
    this.anchor(this.#finalNewline ? "(?=\\n?$)" : "$");
  }

  alternation(): void {
    this.#out += "|";
    this.#lastAtom = -1;
  }

  /** `(` at i: any group form. Returns the next index or an error. */
  open(i: number): number | { ok: false; code: string; message: string } {
    const p = this.#p;
    const bad = (code: string, message: string) => ({ ok: false as const, code, message: `Cannot translate PCRE2 pattern: ${message} at offset ${i}` });
    if (p.startsWith("(?#", i)) {
      const end = p.indexOf(")", i);
      return end < 0 ? bad("REGEX_PCRE2_SYNTAX", "missing ) after comment") : end + 1;
    }
    if (p.startsWith("(*F)", i) || p.startsWith("(*FAIL)", i)) {
      this.atom("(?!)");
      return i + (p.startsWith("(*F)", i) ? 4 : 7);
    }
    if (p.startsWith("(*", i)) return bad("REGEX_PCRE2_UNSUPPORTED", "a backtracking-control verb has no JavaScript equivalent");
    if (!p.startsWith("(?", i)) return this.#push(this.scope.n ? "plain" : "capture", this.scope.n ? "(?:" : "(", i + 1);
    const two = p.slice(i + 2, i + 4);
    if (two.startsWith(":")) return this.#push("plain", "(?:", i + 3);
    if (two.startsWith(">")) return this.#push("atomic", "(?:", i + 3);
    if (two.startsWith("=") || two.startsWith("!")) return this.#push("look", "(?" + two[0], i + 3);
    if (two === "<=" || two === "<!") return this.#push("look", "(?" + two, i + 4);
    NAMED.lastIndex = i;
    const named = NAMED.exec(p);
    if (named !== null) return this.#push("capture", `(?<${named[1]}>`, i + named[0].length);
    if (p.startsWith("(?P=", i)) {
      const end = p.indexOf(")", i);
      if (end < 0) return bad("REGEX_PCRE2_SYNTAX", "missing ) after (?P=");
      this.#backref(`\\k<${p.slice(i + 4, end)}>`);
      this.note("a backreference to an unset group matches the empty string in JavaScript, fails in PCRE2");
      return end + 1;
    }
    OPTION.lastIndex = i;
    const opt = OPTION.exec(p);
    if (opt !== null) return this.#option(opt, i);
    if (two.startsWith("|")) return bad("REGEX_PCRE2_UNSUPPORTED", "a branch-reset group (?| has no JavaScript equivalent");
    if (two.startsWith("(")) return bad("REGEX_PCRE2_UNSUPPORTED", "a conditional group has no JavaScript equivalent");
    if (/^(?:R|[+-]?\d|&|P>)/.test(two)) return bad("REGEX_PCRE2_UNSUPPORTED", "recursion or a subroutine call has no JavaScript equivalent");
    if (two.startsWith("C")) return bad("REGEX_PCRE2_UNSUPPORTED", "a callout has no JavaScript equivalent");
    return bad("REGEX_PCRE2_SYNTAX", "unrecognized character after (?");
  }

  #push(kind: Frame["kind"], opener: string, next: number): number {
    const outStart = this.#out.length;
    if (kind === "capture") this.#groups.push({ pos: outStart, pcre: ++this.#count });
    this.#frames.push({ kind, outStart, saved: this.scope });
    this.#out += opener;
    this.#lastAtom = -1;
    return next;
  }

  /**
   * `(?flags)` applies to the rest of the enclosing group, later alternatives included;
   * `(?flags:...)` to its own group only.
   */
  #option(m: RegExpExecArray, i: number): number {
    const next = this.#apply(m[1] ?? "", m[2] ?? "");
    if (m[3] === ":") {
      const at = this.#push("plain", "(?:", i + m[0].length);
      this.scope = next;
      return at;
    }
    this.scope = next;
    this.#lastAtom = -1;
    return i + m[0].length;
  }

  /** `)`: returns an error message or null. */
  close(): string | null {
    const f = this.#frames.pop();
    if (f === undefined) return "unmatched closing parenthesis";
    this.#out += ")";
    this.scope = f.saved;
    if (f.kind === "atomic") this.#wrapAtomic(f.outStart);
    this.#lastAtom = f.outStart;
    return null;
  }

  /** `X` from `start` to the end becomes `(?:(?=(?<h>X))\k<h>)`: PCRE2's atomic X. */
  #wrapAtomic(start: number): void {
    const name = `rposH${this.#helpers++}`;
    const prefix = `(?:(?=(?<${name}>`;
    for (const g of this.#groups) if (g.pos >= start) g.pos += prefix.length;
    this.#groups.push({ pos: start + "(?:(?=".length, pcre: -1 });
    this.#out = this.#out.slice(0, start) + prefix + this.#out.slice(start) + `))\\k<${name}>)`;
  }

  /** A quantifier at i (or a literal `{`). Returns the next index or an error. */
  quantifier(i: number): number | { ok: false; code: string; message: string } {
    QUANT.lastIndex = i;
    const m = QUANT.exec(this.#p);
    if (m === null) {
      this.atom("\\{");
      return i + 1;
    }
    if (this.#lastAtom < 0) {
      return { ok: false, code: "REGEX_PCRE2_SYNTAX", message: `Cannot compile PCRE2 pattern: quantifier does not follow a repeatable item at offset ${i}` };
    }
    const suffix = m[4] ?? "";
    const body = m[0].slice(0, m[0].length - suffix.length);
    const lazy = suffix === "?" ? !this.scope.U : suffix === "" && this.scope.U;
    const start = this.#lastAtom;
    this.#out += body + (lazy ? "?" : "");
    if (suffix === "+") this.#wrapAtomic(start);
    this.#lastAtom = -1;
    return i + m[0].length;
  }

  /** `\g..`, `\k..` or `\digits` at i. */
  backreference(i: number): number | { ok: false; code: string; message: string } {
    const p = this.#p;
    const m = /\\(?:g\{(-?\d+)\}|g(-?\d+)|[gk]\{([A-Za-z_]\w*)\}|k<([A-Za-z_]\w*)>|k'([A-Za-z_]\w*)'|(\d+))/y;
    m.lastIndex = i;
    const r = m.exec(p);
    if (r === null) return { ok: false, code: "REGEX_PCRE2_SYNTAX", message: `Cannot compile PCRE2 pattern: malformed backreference at offset ${i}` };
    this.note("a backreference to an unset group matches the empty string in JavaScript, fails in PCRE2");
    const name = r[3] ?? r[4] ?? r[5];
    if (name !== undefined) {
      this.#backref(`\\k<${name}>`);
      return i + r[0].length;
    }
    let n = Number(r[1] ?? r[2] ?? r[6]);
    if (n < 0) n = this.#count + 1 + n;
    if (n <= 0) return { ok: false, code: "REGEX_PCRE2_SYNTAX", message: `Cannot compile PCRE2 pattern: invalid group reference at offset ${i}` };
    this.#maxRef = Math.max(this.#maxRef, n);
    this.#backref(`\\${MARK}${n}${MARK}`);
    return i + r[0].length;
  }

  /** A backreference compares caselessly under `(?i)`: only a modifier group can say so. */
  #backref(source: string): void {
    this.atom(this.scope.i ? `(?i:${source})` : `(?:${source})`);
  }

  /** Closes the root; returns an error message or null. */
  finish(): string | null {
    if (this.#frames.length > 0) return "missing closing parenthesis";
    if (this.#maxRef > this.#count) return `reference to non-existent subpattern ${this.#maxRef}`;
    return null;
  }

  /** JavaScript group index of each PCRE2 group (1-based → array index n - 1). */
  groupIndex(): number[] {
    const order = [...this.#groups].sort((a, b) => a.pos - b.pos);
    const out: number[] = [];
    order.forEach((g, k) => {
      if (g.pcre > 0) out[g.pcre - 1] = k + 1;
    });
    return out;
  }

  source(): string {
    const index = this.groupIndex();
    return this.#out.replace(/\u0000(\d+)\u0000/g, (_, n: string) => String(index[Number(n) - 1] ?? 0));
  }

  /** RegExp flags: none (caseless matching is written out). */
  flags(): string {
    return "";
  }
}
