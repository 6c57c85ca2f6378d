/** Codes the log collector emits (documented in docs/errors.md, "Log collection"). */
import { defineCodes } from "../../core/mod.ts";

export const logcollectorCodes = defineCodes({
  LC_SOURCE_FAILED: "A log source stopped on a runtime fault and is restarted with backoff",
  LC_UNKNOWN_FORMAT: "A <localfile> has a log_format no log source serves",
  LC_DUPLICATE_SOURCE: "Two <localfile> blocks name the same source; the second is ignored",
  LC_COMMAND_NEEDS_SHELL: "A <command> uses shell syntax, which Riposte does not run implicitly",
  LC_JOURNALCTL_EXITED: "journalctl ended unexpectedly (missing binary, bad cursor, no journal)",
  LC_LEGACY_CHECKPOINTS: "The log positions of an earlier version (queue/logcollector/checkpoints.db) could not be moved into the spool database",
  LC_JOURNALD_FILTER_INVALID: "A journald <filter> expression is not a valid regular expression",
});
