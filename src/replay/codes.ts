/**
 * Codes of `riposte replay`. Documented in docs/errors.md under "Response safety".
 * Must not: hold logic.
 */
import { defineCodes } from "../core/mod.ts";

export const replayCodes = defineCodes({
  REPLAY_UNREADABLE: "A log file given to riposte replay cannot be read (missing, unreadable, or a corrupt gzip stream)",
  REPLAY_BAD_JOURNAL_LINE: "A line of a journald JSON export is not a journal entry with _HOSTNAME, MESSAGE and __REALTIME_TIMESTAMP: it is counted and skipped",
  REPLAY_NO_RULESET: "riposte replay found no rules to run (the configuration's <ruleset> and Riposte's own ruleset are empty)",
});
