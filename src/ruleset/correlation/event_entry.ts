/**
 * One recorded event in the correlation state: the little that later `if_matched_*` searches
 * need (arrival second, agent, the values `different_*` compare, and the "used" mark).
 * Snapshots keep memory bounded: no entry holds the event's log or field map.
 */
import type { CorrelationKey, RuleInput } from "../rules/mod.ts";

export interface EventEntry {
  /** Arrival time in whole seconds (Wazuh compares seconds). */
  readonly second: number;
  readonly agentId: string;
  /**
   * Highest internal level of a stateful rule that fired using this event; a later search
   * by a rule of that level or lower stops here (semantics §1.5.5). 0 = unused.
   */
  usedLevel: number;
  /** Values compared by `different_*` / `different_field` of the rules watching it. */
  values: ReadonlyMap<string, string | undefined> | undefined;
  hasDynamicFields: boolean;
}

export function newEntry(second: number, agentId: string, hasDynamicFields: boolean): EventEntry {
  return { second, agentId, usedLevel: 0, values: undefined, hasDynamicFields };
}

/** Reads the event value a `same_*`/`different_*` key compares. */
export function correlationValue(input: RuleInput, key: CorrelationKey): string | undefined {
  if (key === "location") return input.location;
  return input.staticField(key);
}
