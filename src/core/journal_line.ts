/**
 * Turns one `journalctl -o json` entry into the syslog-like line Wazuh's journald localfile
 * produces, `Mmm dd HH:MM:SS host ident[pid]: message`, so the syslog predecoder and the sshd
 * rules see what they would see in auth.log. Shared by the agent's journald source and
 * `riposte replay` (journald JSON exports), so both produce the same line.
 * Wazuh compat: timestamp = __REALTIME_TIMESTAMP in UTC with a zero-padded day ("%b %d %T",
 * gmtime); ident = SYSLOG_IDENTIFIER or "unknown"; pid = SYSLOG_PID, else _PID, else none;
 * entries without _HOSTNAME or MESSAGE are not sent (src/logcollector/journal_log.c,
 * entry_as_syslog). MESSAGE given as a byte array (non-UTF-8) is decoded as UTF-8.
 * Must not: throw (hostile entries give undefined) or import anything else of ours.
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
  const host = journalField(e["_HOSTNAME"]);
  const message = journalField(e["MESSAGE"]);
  const stamp = syslogTime(e["__REALTIME_TIMESTAMP"]);
  if (host === undefined || message === undefined || stamp === undefined) return { line: undefined, cursor, realtimeUsec };
  const ident = journalField(e["SYSLOG_IDENTIFIER"]) ?? "unknown";
  const pid = journalField(e["SYSLOG_PID"]) ?? journalField(e["_PID"]);
  return { line: `${stamp} ${host} ${ident}${pid === undefined ? "" : `[${pid}]`}: ${message}`, cursor, realtimeUsec };
}

/** A journal field: a string, or an array of bytes for binary values. */
export function journalField(v: unknown): string | undefined {
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
