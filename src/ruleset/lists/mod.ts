/** Public entry of ruleset/lists: CDB list parsing and the rule lookup kinds. */
export { parseCdbList, type CdbList } from "./cdb_list.ts";
export { compileLookup, isLookup, LOOKUPS, type Lookup, type ListPredicate } from "./list_lookup.ts";
