/** Codes FIM emits (documented in docs/errors.md, "File integrity monitoring"). */
import { defineCodes } from "../../core/mod.ts";

export const fimCodes = defineCodes({
  FIM_READ_FAILED: "A monitored file could not be read or hashed; it is skipped until the next check",
  FIM_WATCH_FAILED: "A realtime directory could not be watched; it is still checked by the scheduled scans",
  FIM_SCAN_FAILED: "A scan ended on a fault (the sink refused an event); it is retried at the next scan",
  FIM_LEGACY_BASELINE: "The baseline of an earlier version (queue/fim/baseline.db) could not be moved into the spool database",
});
