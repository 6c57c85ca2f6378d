/**
 * Turns one `journalctl -o json` entry into the syslog-like line Wazuh's journald localfile
 * produces, `Mmm dd HH:MM:SS host ident[pid]: message`, so the syslog predecoder and the sshd
 * rules see what they would see in auth.log.
 * Wazuh compat: timestamp = __REALTIME_TIMESTAMP in UTC with a zero-padded day ("%b %d %T",
 * gmtime); ident = SYSLOG_IDENTIFIER or "unknown"; pid = SYSLOG_PID, else _PID, else none;
 * entries without _HOSTNAME or MESSAGE are not sent (src/logcollector/journal_log.c,
 * entry_as_syslog). MESSAGE given as a byte array (non-UTF-8) is decoded as UTF-8.
 * Must not: throw (hostile entries give undefined).
 */

/** Decides whether an entry is collected (journald `<filter>`s). */
export type JournalFilter = (entry: Readonly<Record<string, unknown>>) => boolean;

export interface JournalLine {
  /** The syslog-like line, or undefined when the entry cannot become one. */
  readonly line: string | undefined;
  /** The entry's cursor, when it has one (the position to persist even for a skipped entry). */
  readonly cursor: string | undefined;
  /** True when the entry was valid but the filter rejected it (not a bad line). */
  readonly filtered?: boolean;
  /** __REALTIME_TIMESTAMP in microseconds, when present. */
  readonly realtimeUsec?: bigint;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Parses one JSON line from journalctl; never throws. */
export function journalLine(json: string, accept?: JournalFilter): JournalLine {
  let entry: unknown;
  try {
    entry = JSON.parse(json);
  } catch {
    // Not JSON (a corrupt line): no line and no cursor; the caller counts it.
    return { line: undefined, cursor: undefined };
  }
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return { line: undefined, cursor: undefined };
  const e = entry as Record<string, unknown>;
  const cursor = typeof e["__CURSOR"] === "string" ? e["__CURSOR"] : undefined;
  const rt = e["__REALTIME_TIMESTAMP"];
  const realtimeUsec = typeof rt === "string" && /^\d{1,20}$/.test(rt) ? BigInt(rt) : undefined;
  if (accept && !accept(e)) return { line: undefined, cursor, filtered: true, realtimeUsec };
  const host = field(e["_HOSTNAME"]);
  const message = field(e["MESSAGE"]);
  const stamp = syslogTime(e["__REALTIME_TIMESTAMP"]);
  if (host === undefined || message === undefined || stamp === undefined) return { line: undefined, cursor, realtimeUsec };
  const ident = field(e["SYSLOG_IDENTIFIER"]) ?? "unknown";
  const pid = field(e["SYSLOG_PID"]) ?? field(e["_PID"]);
  return { line: `${stamp} ${host} ${ident}${pid === undefined ? "" : `[${pid}]`}: ${message}`, cursor, realtimeUsec };
}

/** A journal field: a string, or an array of bytes for binary values. */
function field(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return Buffer.from(v as number[]).toString("utf8");
  return undefined;
}

/** "%b %d %H:%M:%S" in UTC from microseconds since the epoch (a decimal string). */
export function syslogTime(usec: unknown): string | undefined {
  if (typeof usec !== "string" || !/^\d{1,20}$/.test(usec)) return undefined;
  const d = new Date(Number(BigInt(usec) / 1000n));
  if (Number.isNaN(d.getTime())) return undefined;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

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
