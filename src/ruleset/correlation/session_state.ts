/**
 * Everything one analysis session remembers between events: correlation buckets, the
 * first-time-seen store (if_fts), the check_diff store, fired counts, ignore windows.
 * A logtest session and a manager's analysis each own one; nothing is global.
 * Must not: read the wall clock; grow without bound (every store has a cap).
 */
import { BoundedMap } from "./bounded_set.ts";
import { compactKey } from "./compact_key.ts";
import { CorrelationStore, type CorrelationLimits } from "./correlation_store.ts";

export interface SessionLimits extends CorrelationLimits {
  /** Keys kept by the first-time-seen store. Default 100,000. */
  readonly maxFtsKeys?: number;
  /** (rule, hostname) pairs kept by check_diff. Default 10,000. */
  readonly maxDiffKeys?: number;
  /** Keys kept by the `<ignore>` list. Default 10,000. */
  readonly maxIgnoreKeys?: number;
}

export class SessionState {
  readonly correlation: CorrelationStore;
  readonly #fts: BoundedMap<true>;
  readonly #diff: BoundedMap<string>;
  readonly #fired = new Map<number, number>();
  readonly #ignoreList: BoundedMap<true>;
  readonly #ignoredAt = new Map<number, number>();

  constructor(limits: SessionLimits = {}) {
    this.correlation = new CorrelationStore(limits);
    this.#fts = new BoundedMap(limits.maxFtsKeys ?? 100_000);
    this.#diff = new BoundedMap(limits.maxDiffKeys ?? 10_000);
    this.#ignoreList = new BoundedMap(limits.maxIgnoreKeys ?? 10_000);
  }

  /** `<ignore>`: remembers a (fields, values) key; `<check_if_ignored>` asks for it. */
  addIgnored(key: string): void {
    this.#ignoreList.set(compactKey(key), true);
  }

  isIgnored(key: string): boolean {
    return this.#ignoreList.has(compactKey(key));
  }

  /** if_fts: true the first time `key` is seen (and remembers it). */
  firstTimeSeen(text: string): boolean {
    const key = compactKey(text);
    if (this.#fts.has(key)) return false;
    this.#fts.set(key, true);
    return true;
  }

  /** check_diff: true when `log` differs from the one stored for (rule, host); stores it. */
  logChanged(ruleId: number, hostname: string, log: string): boolean {
    const key = compactKey(`${ruleId}\u0001${hostname}`);
    const digest = compactKey(log);
    const previous = this.#diff.get(key);
    this.#diff.set(key, digest);
    return previous !== undefined && previous !== digest;
  }

  /** Counts one firing of a rule; returns the new count (Wazuh firedtimes). */
  fired(ruleId: number): number {
    const n = (this.#fired.get(ruleId) ?? 0) + 1;
    this.#fired.set(ruleId, n);
    return n;
  }

  /**
   * ignore="N": true while the rule is inside its ignore window; opens a window the first
   * time and after one has ended (semantics §1.5.7).
   */
  ignored(ruleId: number, seconds: number, nowSecond: number): boolean {
    const since = this.#ignoredAt.get(ruleId);
    if (since !== undefined && nowSecond - since < seconds) return true;
    this.#ignoredAt.set(ruleId, nowSecond);
    return false;
  }
}
