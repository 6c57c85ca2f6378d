/**
 * The six lookup kinds a rule's `<list lookup="…">` can ask of a CDB list, compiled once at
 * load into a predicate over a field value. Wazuh compat (semantics §1.5.2):
 * `address_match_key` also accepts a key that is a prefix of the value ending in `.`
 * (`192.168.` matches `192.168.1.5`); `match_key_value` without `check_value` never matches;
 * `address_match_key_value` is inverted in 4.14.7 (true when no key or prefix has a value
 * matching `check_value`).
 * Must not: throw on any value (values come from attackers).
 */
import type { CdbList } from "./cdb_list.ts";

export const LOOKUPS = [
  "match_key",
  "not_match_key",
  "match_key_value",
  "address_match_key",
  "not_address_match_key",
  "address_match_key_value",
] as const;
export type Lookup = (typeof LOOKUPS)[number];

export function isLookup(text: string): text is Lookup {
  return (LOOKUPS as readonly string[]).includes(text);
}

/** Tests one value; `checkValue` is the compiled `check_value` matcher, if any. */
export type ListPredicate = (value: string) => boolean;

export function compileLookup(list: CdbList, lookup: Lookup, checkValue?: (value: string) => boolean): ListPredicate {
  const entries = list.entries;
  switch (lookup) {
    case "match_key":
      return (v) => entries.has(v);
    case "not_match_key":
      return (v) => !entries.has(v);
    case "match_key_value":
      return (v) => {
        const found = entries.get(v);
        return found !== undefined && checkValue !== undefined && checkValue(found);
      };
    case "address_match_key":
      return (v) => addressValues(entries, v).length > 0;
    case "not_address_match_key":
      return (v) => addressValues(entries, v).length === 0;
    case "address_match_key_value":
      // Wazuh compat: inverted in 4.14.7 (semantics §1.5.2, §4).
      return (v) => !addressValues(entries, v).some((found) => checkValue !== undefined && checkValue(found));
  }
}

/** Values of the key equal to `value` and of every key that is a `.`-ended prefix of it. */
function addressValues(entries: ReadonlyMap<string, string>, value: string): string[] {
  const out: string[] = [];
  const exact = entries.get(value);
  if (exact !== undefined) out.push(exact);
  for (let i = value.length - 2; i >= 0; i--) {
    if (value.charCodeAt(i) !== 46 /* . */) continue;
    const found = entries.get(value.slice(0, i + 1));
    if (found !== undefined) out.push(found);
  }
  return out;
}
