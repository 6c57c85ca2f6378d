/**
 * The part of a <localfile> the collector needs, as plain data. The config loader
 * (src/config) produces the validated configuration; `localfileSpecFrom` in mod.ts adapts it.
 * Must not: parse XML or do I/O.
 */

/** Wazuh `log_format` values Riposte collects. */
export const LOG_FORMATS = ["syslog", "json", "journald", "command", "full_command"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Default seconds between two runs of a command (Wazuh's `<frequency>` default is 360). */
export const DEFAULT_COMMAND_FREQUENCY_SEC = 360;

export interface LocalfileSpec {
  readonly logFormat: LogFormat;
  /** File path, possibly with wildcards (`*`, `?`, `[…]`); "journald" for journald. */
  readonly location?: string;
  /** The command line for command and full_command. */
  readonly command?: string;
  /** Replaces the command in the event location and in the `ossec: output: '…'` prefix. */
  readonly alias?: string;
  /** Seconds between command runs. @default 360 */
  readonly frequencySec?: number;
  /**
   * At the very first start (no checkpoint yet): true reads existing files and the journal
   * from their end, false from their beginning. After that, positions always resume.
   * @default true (Wazuh's default)
   */
  readonly onlyFutureEvents?: boolean;
}
