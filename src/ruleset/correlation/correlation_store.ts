/**
 * Session state of the stateful rules (semantics §1.5.5), bounded: for each watching rule S
 * (if_matched_sid / if_matched_group) a hash map from "agent + same_* values" to a short
 * bucket of recent entries, newest last. Wazuh walks the watched rule's whole history and
 * skips entries whose same_* values differ; keying the buckets by those values gives the
 * same answer without scanning. Caps: maxKeysPerRule buckets per rule (least recently used
 * evicted, CLOCK approximation) and a bucket length of what a search can reach
 * (frequency − 1, more when different_* filters skip entries).
 * Must not: read the wall clock (times come in), throw, or grow without bound.
 */
import type { Correlation, RuleInput, RuleNode } from "../rules/mod.ts";
import { compactKey } from "./compact_key.ts";
import { correlationValue, type EventEntry } from "./event_entry.ts";

export interface CorrelationLimits {
  /** Buckets (distinct key values) kept per stateful rule. Default 10,000. */
  readonly maxKeysPerRule?: number;
}

const SEP = "\u0001";

/** Entries of one key, newest last; `recent` is the CLOCK bit of the eviction policy. */
type Bucket = EventEntry[] & { recent: boolean };

/**
 * Evicts one bucket, least recently used first, approximated by CLOCK (second chance): a
 * bucket written since it was last passed over goes to the back once, so a busy key is not
 * dropped and no write pays for a delete and re-insert. Amortised O(1).
 */
function evictOne(map: Map<string, Bucket>): void {
  for (;;) {
    const next = map.entries().next();
    if (next.done) return;
    const [key, bucket] = next.value;
    map.delete(key);
    if (!bucket.recent) return;
    bucket.recent = false;
    map.set(key, bucket);
  }
}

export class CorrelationStore {
  readonly #buckets = new Map<RuleNode, Map<string, Bucket>>();
  readonly #snapshotKeys = new Map<RuleNode, readonly string[]>();
  readonly #maxKeys: number;

  constructor(limits: CorrelationLimits = {}) {
    this.#maxKeys = limits.maxKeysPerRule ?? 10_000;
  }

  /**
   * The if_matched_* search of rule `s` for the current event; on success marks the newest
   * counted entry and the current one as used at s's level.
   */
  search(s: RuleNode, input: RuleInput, current: EventEntry): boolean {
    const c = s.rule.correlation;
    if (!c) return true;
    const key = bucketKey(c, input);
    if (key === undefined) return false;
    const bucket = this.#buckets.get(s)?.get(key);
    if (!bucket) return false;
    const level = s.rule.internalLevel;
    const oldest = current.second - c.timeframeMs / 1000;
    const filtered = c.different.length + c.differentFields.length > 0;
    let count = 0;
    let newest: EventEntry | undefined;
    for (let i = bucket.length - 1; i >= 0; i--) {
      const e = bucket[i] as EventEntry;
      if (e.second < oldest) return false;
      if (filtered && isDifferentFiltered(c, input, e)) continue;
      if (e.usedLevel >= level) return false;
      newest ??= e;
      if (++count >= c.needed) {
        // Wazuh compat: the newest counted entry is marked only when the count needed more
        // than one earlier event (Search_LastSids' first_matched); the current one always.
        if (count > 1) newest.usedLevel = Math.max(newest.usedLevel, level);
        current.usedLevel = Math.max(current.usedLevel, level);
        return true;
      }
    }
    return false;
  }

  /** Records an event whose final rule is `r` (level > 0) for the rules watching r. */
  record(r: RuleNode, input: RuleInput, entry: EventEntry): void {
    const watchers = r.sidWatchers.length > 0 ? r.sidWatchers : r.groupWatchers;
    if (watchers.length === 0) return;
    entry.values ??= this.#snapshot(r, watchers, input);
    for (const s of watchers) {
      const c = s.rule.correlation;
      if (!c) continue;
      const key = bucketKey(c, input, entry.agentId);
      if (key !== undefined) this.#push(s, c, key, entry);
    }
  }

  /** Number of entries held (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const m of this.#buckets.values()) for (const b of m.values()) n += b.length;
    return n;
  }

  #push(s: RuleNode, c: Correlation, key: string, entry: EventEntry): void {
    let map = this.#buckets.get(s);
    if (!map) this.#buckets.set(s, (map = new Map()));
    let bucket = map.get(key);
    if (!bucket) {
      bucket = Object.assign([], { recent: true });
      map.set(key, bucket);
      if (map.size > this.#maxKeys) evictOne(map);
    }
    bucket.recent = true;
    bucket.push(entry);
    const cap = c.different.length + c.differentFields.length > 0 ? c.needed * 4 + 16 : c.needed;
    if (bucket.length > cap) bucket.splice(0, bucket.length - cap);
  }

  #snapshot(r: RuleNode, watchers: readonly RuleNode[], input: RuleInput): ReadonlyMap<string, string | undefined> | undefined {
    let keys = this.#snapshotKeys.get(r);
    if (!keys) {
      const set = new Set<string>();
      for (const s of watchers) {
        s.rule.correlation?.different.forEach((k) => set.add(k));
        s.rule.correlation?.differentFields.forEach((f) => set.add(`field:${f}`));
      }
      keys = [...set];
      this.#snapshotKeys.set(r, keys);
    }
    if (keys.length === 0) return undefined;
    const values = new Map<string, string | undefined>();
    for (const k of keys) {
      const v = k.startsWith("field:") ? input.dynamicField(k.slice(6)) : correlationValue(input, k as never);
      values.set(k, v === undefined ? undefined : compactKey(v));
    }
    return values;
  }
}

/** Agent (unless global_frequency) + same_* values; undefined when one is missing. */
function bucketKey(c: Correlation, input: RuleInput, agentId = input.agentId): string | undefined {
  let key = c.globalFrequency ? "" : agentId;
  for (const k of c.same) {
    const v = correlationValue(input, k);
    if (v === undefined) return undefined;
    key += SEP + v;
  }
  if (c.sameFields.length > 0 && !input.hasDynamicFields) return undefined;
  for (const f of c.sameFields) {
    const v = input.dynamicField(f);
    if (v === undefined) return undefined;
    key += SEP + v;
  }
  return compactKey(key);
}

/** different_* skip an entry when both values are present and equal (semantics §1.5.5). */
function isDifferentFiltered(c: Correlation, input: RuleInput, e: EventEntry): boolean {
  for (const k of c.different) {
    const mine = compactOf(correlationValue(input, k));
    const theirs = e.values?.get(k);
    if (mine !== undefined && theirs !== undefined && mine === theirs) return true;
  }
  if (c.differentFields.length === 0) return false;
  if (!input.hasDynamicFields && !e.hasDynamicFields) return true;
  for (const f of c.differentFields) {
    const mine = compactOf(input.dynamicField(f));
    const theirs = e.values?.get(`field:${f}`);
    if (mine !== undefined && theirs !== undefined && mine === theirs) return true;
  }
  return false;
}

function compactOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : compactKey(value);
}
