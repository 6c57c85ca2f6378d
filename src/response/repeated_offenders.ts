/**
 * Repeated offenders (wazuh-ar.md §3.6, with decay), the pure part shared by the agent's
 * execd (which keeps the counters durable) and `riposte replay` (which keeps them in
 * memory): how many earlier offences count, and the timeout they escalate to.
 * Must not: read the clock or store anything.
 */

/** First offence → base timeout; the k-th later one → L[min(k−1, n−1)] minutes. */
export function escalatedTimeoutSec(baseSec: number, before: number, minutes: readonly number[]): number {
  if (before === 0 || minutes.length === 0) return baseSec;
  return (minutes[Math.min(before - 1, minutes.length - 1)] ?? 0) * 60;
}

/** Earlier offences that still count at `now`: none once `decayMs` passed since the last one. */
export function offencesBefore(previous: { readonly count: number; readonly lastAt: number } | undefined, now: number, decayMs: number): number {
  return previous && now - previous.lastAt <= decayMs ? previous.count : 0;
}

/** `<repeated_offenders>` as execd uses it: empty or a leading 0 turns it off. */
export function offenderMinutes(list: readonly number[]): readonly number[] {
  return list[0] ? list.filter((m) => m > 0) : [];
}
