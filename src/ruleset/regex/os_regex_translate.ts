/**
 * The linear-time stand-in for one OS_Regex alternative (semantics §2.3.4): quantified
 * classes lazy except the last token of the alternative, ASCII-case-insensitive literals.
 * Used only when the exact interpreter runs out of its step budget on a hostile line; the
 * difference from Wazuh is confined to the few look-ahead quirks the document lists.
 * Must not: be used for normal matching (it is not bit-exact).
 */
import { BS, PAREN, PLUS, STAR, classSource } from "./os_regex_classes.ts";
import type { OsRegexAlternative } from "./os_regex_compile.ts";
import { literalUnit } from "./ascii_literal.ts";

/** Index of the last real token (a trailing PAREN is not one), or -1. */
function lastTokenStart(code: Uint16Array, length: number): number {
  let last = -1;
  for (let i = 0; i < length; i++) {
    if (code[i] === PAREN) continue;
    last = i;
    if (code[i] === BS) {
      i++;
      if (code[i + 1] === PLUS || code[i + 1] === STAR) i++;
    }
  }
  return last;
}

/** RegExp source (no flags needed) for one compiled alternative. */
export function translateAlternative(alt: OsRegexAlternative): string {
  const { code, length } = alt;
  const last = lastTokenStart(code, length);
  let out = alt.begin ? "^" : "";
  let open = false;
  for (let i = 0; i < length; i++) {
    const u = code[i] as number;
    if (u === BS) {
      out += classSource(code[i + 1] as number);
      const q = code[i + 2] as number;
      if (q === PLUS || q === STAR) {
        out += (q === PLUS ? "+" : "*") + (i === last ? "" : "?");
        i++;
      }
      i++;
    } else if (u === PAREN) {
      out += open ? ")" : "(";
      open = !open;
    } else {
      out += literalUnit(u, true);
    }
  }
  return alt.end ? out + "$" : out;
}
