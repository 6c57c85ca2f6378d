/**
 * The journald source's entry helpers: `<filter>` compilation and cursor times. The entry →
 * syslog line formatter lives in core (journal_line.ts, shared with `riposte replay`) and is
 * re-exported here.
 * Must not: throw (hostile entries give undefined).
 */
import { journalField as field, type JournalFilter } from "../../../../core/mod.ts";

export { journalLine, syslogTime, type JournalFilter, type JournalLine } from "../../../../core/mod.ts";

/** A journald `<filter>` of the configuration: a regular expression on one field. */
export interface FieldFilter {
  readonly field: string;
  readonly expression: string;
  readonly ignoreIfMissing: boolean;
}

/**
 * Compiles the filters of one journald <localfile>: an entry is collected when every filter
 * matches (Wazuh compat: the filters of one block are ANDed; a missing field fails the filter
 * unless ignore_if_missing). Expressions are PCRE2 in Wazuh; JavaScript RegExp covers the
 * usual ones (anchors, classes, alternation). Returns an error for an invalid expression.
 */
export function compileFilters(filters: readonly FieldFilter[]): { accept: JournalFilter | undefined } | { error: string } {
  if (filters.length === 0) return { accept: undefined };
  const units: { field: string; re: RegExp; ignoreIfMissing: boolean }[] = [];
  for (const f of filters) {
    try {
      units.push({ field: f.field, re: new RegExp(f.expression), ignoreIfMissing: f.ignoreIfMissing });
    } catch (error: unknown) {
      return { error: `invalid expression for field ${f.field}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return {
    accept: (e) =>
      units.every((u) => {
        const v = field(e[u.field]);
        return v === undefined ? u.ignoreIfMissing : u.re.test(v);
      }),
  };
}

/** The realtime (µs) a journal cursor names (its `t=` field, hex), if it has one. */
export function cursorRealtime(cursor: string): bigint | undefined {
  const m = /(?:^|;)t=([0-9a-f]{1,16})(?:;|$)/.exec(cursor);
  return m?.[1] ? BigInt(`0x${m[1]}`) : undefined;
}
