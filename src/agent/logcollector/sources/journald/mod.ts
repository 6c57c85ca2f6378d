/** Public entry of the journald source. */
export { JournaldSource, journaldSourceFactory, JOURNALD_LOCATION, type JournaldSourceOptions } from "./journald_source.ts";
export { journalLine } from "./journal_entry.ts";
