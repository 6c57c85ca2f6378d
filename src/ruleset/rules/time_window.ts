/**
 * `<time>` and `<weekday>` conditions. Wazuh compat (semantics §1.5.1): both compare with the
 * processing time (here the engine's injected clock, in local time), not the log's own
 * timestamp. `<time>` is `hh[:mm][ am|pm] - hh[:mm][ am|pm]`, inclusive, with an optional
 * leading `!`; a start later than the end means "outside end..start". `<weekday>` takes day
 * names (`monday`, `mon`, …), `weekdays` and `weekends`.
 */

export type TimeCheck = (nowMs: number) => boolean;

/** Undefined when the text is not a valid time range. */
export function compileTimeRange(text: string): TimeCheck | undefined {
  const negate = text.startsWith("!");
  const parts = (negate ? text.slice(1) : text).split("-");
  if (parts.length !== 2) return undefined;
  const start = minutesOf(parts[0] ?? "");
  const end = minutesOf(parts[1] ?? "");
  if (start === undefined || end === undefined) return undefined;
  return (nowMs) => {
    const d = new Date(nowMs);
    const m = d.getHours() * 60 + d.getMinutes();
    const inside = start <= end ? m >= start && m <= end : m >= start || m <= end;
    return inside !== negate;
  };
}

function minutesOf(text: string): number | undefined {
  const m = /^\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*$/i.exec(text);
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase();
  if (half === "pm" && hours < 12) hours += 12;
  if (half === "am" && hours === 12) hours = 0;
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : undefined;
}

const DAYS: Readonly<Record<string, readonly number[]>> = {
  sunday: [0], sun: [0], monday: [1], mon: [1], tuesday: [2], tue: [2], wednesday: [3], wed: [3],
  thursday: [4], thu: [4], friday: [5], fri: [5], saturday: [6], sat: [6],
  weekdays: [1, 2, 3, 4, 5], weekends: [0, 6],
};

/** Undefined when a word is not a day name. */
export function compileWeekday(text: string): TimeCheck | undefined {
  const days = new Set<number>();
  for (const word of text.toLowerCase().split(/[\s,]+/).filter(Boolean)) {
    const found = DAYS[word];
    if (!found) return undefined;
    found.forEach((d) => days.add(d));
  }
  if (days.size === 0) return undefined;
  return (nowMs) => days.has(new Date(nowMs).getDay());
}
