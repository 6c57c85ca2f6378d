/**
 * PCRE2 → JavaScript RegExp source. First stage: leading option setting only.
 */
import type { CompileNote } from "./matcher.ts";

export interface Pcre2Translation {
  readonly ok: true;
  readonly source: string;
  /** Variant used when the subject ends in "\n" (PCRE2 `$` semantics), or null. */
  readonly sourceFinalNewline: string | null;
  readonly flags: string;
  /** PCRE2 group number - 1 → JavaScript group index. */
  readonly groupIndex: readonly number[];
  readonly notes: readonly CompileNote[];
}

export type Pcre2Translated = Pcre2Translation | { readonly ok: false; readonly code: string; readonly message: string; readonly hint?: string };

export function translatePcre2(pattern: string): Pcre2Translated {
  let source = pattern;
  let flags = "";
  const lead = /^\(\?([imsx]+)\)/.exec(source);
  if (lead) {
    flags = [...new Set(lead[1])].filter((f) => "ims".includes(f)).join("");
    source = source.slice(lead[0].length);
  }
  let groups = 0;
  try {
    groups = new RegExp(source + "|").exec("")!.length - 1;
  } catch (e) {
    return { ok: false, code: "REGEX_PCRE2_SYNTAX", message: `Cannot compile PCRE2 pattern: ${(e as Error).message}` };
  }
  return { ok: true, source, sourceFinalNewline: null, flags, groupIndex: Array.from({ length: groups }, (_, i) => i + 1), notes: [] };
}
