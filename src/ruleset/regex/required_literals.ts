/**
 * The literal pre-check of a compiled pattern: for each alternative, the lower-cased ASCII
 * literal runs every match of it consumes, in order. A caller that tries many patterns on
 * one line (the decoders) lower-cases the line once and skips the patterns whose runs are
 * absent, before paying for a match. Computed by the dialects at compile time: exact for
 * OS_Regex (os_regex_compile.ts, the same runs its own prefilter uses), conservative for
 * PCRE2 (pcre2_literals.ts); OS_Match matchers have none (they are literal search already).
 * Must not: reject an input the pattern could match.
 */

/** Lower-cased ASCII runs one alternative must consume, in this order. */
export interface LiteralAlternative {
  readonly runs: readonly string[];
  /** The first run starts the input (`^` followed by a literal). */
  readonly anchored: boolean;
}

/**
 * The alternatives of a pattern: an input may match only if one of them fits. Absent from a
 * Matcher when some alternative has no mandatory literal (nothing to check).
 */
export type RequiredLiterals = readonly LiteralAlternative[];

/** Tests turn the check off to show that it never changes a result. */
export const prefilterSwitch = { enabled: true };

/**
 * True when some alternative's runs all occur in `lowerInput` (the subject lower-cased), in
 * order, the first one at the start for anchored alternatives — unless `anchorsValid` is
 * false: the input is then a superset that does not start where the pattern's input starts.
 */
export function mayContain(literals: RequiredLiterals, lowerInput: string, anchorsValid = true): boolean {
  if (!prefilterSwitch.enabled) return true;
  for (const alt of literals) if (fits(alt, lowerInput, anchorsValid)) return true;
  return false;
}

function fits(alt: LiteralAlternative, input: string, anchorsValid: boolean): boolean {
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
