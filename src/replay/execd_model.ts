/**
 * The agent's execd as replay sees it, in memory and on event time: a stateful response is
 * keyed on (executable, target) as check_keys does for the built-ins; an add for an active
 * key is aborted and restarts its clock (no escalation); otherwise the offence is counted
 * (with decay) and the timeout escalated by `<repeated_offenders>` (the pure functions the
 * execd uses, response/repeated_offenders.ts); a stateless response always runs.
 * Must not: run anything, read the clock (times are passed in) or throw.
 */
import { dedupKey, escalatedTimeoutSec, offencesBefore } from "../response/mod.ts";

export interface ModelOptions {
  /** `<repeated_offenders>` in minutes (already filtered: empty = off). */
  readonly offenderMinutes: readonly number[];
  /** How long an offence counts. @default 86_400 (execd's) */
  readonly offenderDecaySec?: number;
}

/** One period an address was (or would have been) blocked. */
export interface BlockPeriod {
  readonly key: string;
  readonly name: string;
  readonly target: string;
  readonly startedAt: number;
  /** Last time a duplicate restarted its clock. */
  lastRenewedAt: number;
  expiresAt: number;
  readonly offence: number;
  readonly timeoutSec: number;
  renewals: number;
}

export type AddOutcome =
  | { readonly kind: "stateless" }
  | { readonly kind: "new"; readonly period: BlockPeriod }
  | { readonly kind: "renewed"; readonly period: BlockPeriod };

export class ExecdModel {
  readonly #o: ModelOptions;
  readonly #active = new Map<string, BlockPeriod>();
  readonly #offences = new Map<string, { count: number; lastAt: number }>();
  #finished: BlockPeriod[] = [];
  /** Active periods by the expiry they had when pushed (a renewed one is pushed again when due). */
  readonly #due = new ExpiryHeap();

  constructor(options: ModelOptions) {
    this.#o = options;
  }

  /** Ends every block whose time has come by `now` (call before each decision). */
  expire(now: number): void {
    for (let p = this.#due.peek(); p !== undefined && p.at <= now; p = this.#due.peek()) {
      this.#due.pop();
      const period = p.period;
      if (this.#active.get(period.key) !== period) continue;
      if (period.expiresAt > now) {
        this.#due.push(period.expiresAt, period);
        continue;
      }
      this.#active.delete(period.key);
      this.#finished.push(period);
    }
  }

  /** An add of response `name` (`executable`, base timeout) against `target` at `now`. */
  add(name: string, executable: string, timeoutSec: number, target: string, now: number): AddOutcome {
    if (timeoutSec <= 0) return { kind: "stateless" };
    const key = dedupKey(executable, [target]) ?? `${executable}-${target}`;
    const existing = this.#active.get(key);
    if (existing) {
      existing.expiresAt = now + existing.timeoutSec * 1000;
      existing.lastRenewedAt = now;
      existing.renewals++;
      return { kind: "renewed", period: existing };
    }
    const minutes = this.#o.offenderMinutes;
    const before = minutes.length > 0 ? offencesBefore(this.#offences.get(key), now, (this.#o.offenderDecaySec ?? 86_400) * 1000) : 0;
    if (minutes.length > 0) this.#offences.set(key, { count: before + 1, lastAt: now });
    const sec = escalatedTimeoutSec(timeoutSec, before, minutes);
    const period: BlockPeriod = { key, name, target, startedAt: now, lastRenewedAt: now, expiresAt: now + sec * 1000, offence: before + 1, timeoutSec: sec, renewals: 0 };
    this.#active.set(key, period);
    this.#due.push(period.expiresAt, period);
    return { kind: "new", period };
  }

  /** Every period, ended ones first; the ones still active at the end keep their planned expiry. */
  periods(): BlockPeriod[] {
    return [...this.#finished, ...this.#active.values()];
  }

  /** Blocks active at `now`. */
  activeCount(): number {
    return this.#active.size;
  }
}

/** A binary min-heap of (time, period). */
class ExpiryHeap {
  readonly #items: { at: number; period: BlockPeriod }[] = [];

  peek(): { at: number; period: BlockPeriod } | undefined {
    return this.#items[0];
  }

  push(at: number, period: BlockPeriod): void {
    const a = this.#items;
    a.push({ at, period });
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as { at: number }).at <= at) break;
      [a[i], a[parent]] = [a[parent] as { at: number; period: BlockPeriod }, a[i] as { at: number; period: BlockPeriod }];
      i = parent;
    }
  }

  pop(): void {
    const a = this.#items;
    const last = a.pop();
    if (last === undefined || a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && (a[l] as { at: number }).at < (a[m] as { at: number }).at) m = l;
      if (r < a.length && (a[r] as { at: number }).at < (a[m] as { at: number }).at) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m] as { at: number; period: BlockPeriod }, a[i] as { at: number; period: BlockPeriod }];
      i = m;
    }
  }
}
