/**
 * A linear-time rewrite for PCRE2 patterns that start with `[^c]*c` (the Cisco FTD decoders'
 * `[^%]*%FTD-...`). Searched as written, every start position re-scans up to the next `c`:
 * quadratic on a long line with few matches, so V8 leaves its backtracking engine for the
 * slow linear one (~4 ms on a hostile 32 KiB subject).
 * Why dropping the prefix changes no answer: `[^c]*` cannot pass a `c` and must stop on one,
 * so from any start it stops at the first `c` after it. The leftmost match therefore starts
 * just after the `c` preceding the leftmost `c` where `c REST` matches (or at 0), takes the
 * same first solution of REST there, and ends where `c REST` alone ends. Match or not, end
 * offset and groups (the prefix has none) are those of `c REST` searched alone.
 * Must not: apply when that reasoning fails: `c` quantified (`[^%]*%?x`), an alternation
 * that might be at top level (any `|`), `\G`, or a `c` that is not a plain literal.
 */

/** `c` candidates: characters literal in PCRE2 both inside a class and outside one. */
const PLAIN = /^\[\^([A-Za-z0-9%#@!"',:;=_~`&<>/-])\]\*\1/;
const QUANTIFIERS = "?*+{";

/**
 * The pattern without its leading `[^c]*` when that is answer-preserving (see above), else
 * null. Example: `[^%]*%FTD-[0-7]-` → `%FTD-[0-7]-`.
 */
export function segmentRest(pattern: string): string | null {
  const m = PLAIN.exec(pattern);
  if (m === null) return null;
  const rest = pattern.slice(m[0].length - 1);
  const next = rest[1];
  if (next !== undefined && QUANTIFIERS.includes(next)) return null;
  if (rest.includes("|") || rest.includes("\\G")) return null;
  return rest;
}
