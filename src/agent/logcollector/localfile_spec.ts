/**
 * The part of a <localfile> the collector reads. It is a structural subset of the validated
 * LocalfileConfig (src/config), so the agent passes `config.localfiles` as is; tests may
 * write the few fields they need.
 * Must not: parse XML or do I/O.
 */
import type { LocalfileConfig } from "../../config/mod.ts";

/** The log formats a source serves. */
export const LOG_FORMATS = ["syslog", "json", "journald", "command", "full_command", "multi-line"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Default seconds between two runs of a command (Wazuh's `<frequency>` default is 360). */
export const DEFAULT_COMMAND_FREQUENCY_SEC = 360;

/**
 * logFormat: Wazuh `log_format`; location: file path or glob, "journald" for journald;
 * command/alias: for command and full_command; frequencySeconds: between command runs
 * (default 360); onlyFutureEvents: at the very first start (no checkpoint) read existing files
 * and the journal from their end (true, Wazuh's default) or beginning; after that, positions
 * always resume. filters: journald field filters (all must match).
 */
export type LocalfileSpec = {
  /** LocalfileConfig's formats, plus "multi-line" (Wazuh's `multi-line:N`, N in multiLineCount). */
  readonly logFormat: LocalfileConfig["logFormat"] | "multi-line";
  /** For multi-line: lines per event. @default 1 */
  readonly multiLineCount?: number;
} & Partial<Pick<LocalfileConfig, "location" | "command" | "alias" | "frequencySeconds" | "onlyFutureEvents" | "filters">> & {
    /** @deprecated Same as frequencySeconds (first name of the field); frequencySeconds wins. */
    readonly frequencySec?: number;
  };
