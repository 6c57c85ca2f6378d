/**
 * The contract between decoding and rule matching: what the predecoder and the decoders
 * produce for one event and what rules read. Wazuh compat (semantics §1): static fields
 * (srcip, dstip, srcport, dstport, protocol, action, srcuser, dstuser, id, status, url,
 * data, extra_data, system_name) and dynamic fields share one map; names are looked up
 * case-insensitively and the first occurrence wins.
 */
import type { RawEvent } from "../core/mod.ts";

/** Which syslog/date header pre-decoding recognised (semantics §1.2); see predecode/. */
export type HeaderForm =
  | "syslog" // `Dec 29 10:00:01 `
  | "proftpd" // `2015-04-16 21:51:02,805 `
  | "iso8601" // `2007-06-14T15:48:55-04:00 ` and fractional variants
  | "year-syslog" // `2015 Nov 13 13:40:01 `
  | "macos-uls" // `2021-04-21 10:16:09.404756-0700 `
  | "xferlog"
  | "snort"
  | "suricata"
  | "apache"
  | "asl"
  | "squid";

export interface Predecoded {
  /** The message with the syslog header removed: what decoders and <match>/<regex> see. */
  readonly log: string;
  /** The original message (Wazuh full_log). */
  readonly fullLog: string;
  readonly programName?: string;
  readonly timestamp?: string;
  /** Syslog hostname; for agent events the agent name; else the manager's host name. */
  readonly hostname?: string;
  /** Location without the agent prefix (`/var/log/secure`, `stdin`). */
  readonly location: string;
  /** Agent id (`000` for the manager's own events). */
  readonly agentId: string;
  /** The header form recognised, when one was (gives the event time with its timestamp). */
  readonly headerForm?: HeaderForm;
}

/** The decoder an event was decoded as (what rules' decoded_as, type and fts read). */
export interface DecoderRef {
  /** Reported name (a child without use_own_name reports its parent's name). */
  readonly name: string;
  /** Numeric id shared by every decoder of the same reported name. */
  readonly id: number;
  /** Event category (`syslog`, `firewall`, `ids`, `web-log`, `squid`, `windows`, `host-information`, `ossec`). */
  readonly type: string;
  /** Field names of the first-time-seen key (`<fts>`), empty when none. */
  readonly fts: readonly string[];
  readonly ftsComment?: string;
  /** `<accumulate>` was set on the decoder. */
  readonly accumulate: boolean;
}

export interface DecodedEvent {
  readonly raw: RawEvent;
  readonly predecoded: Predecoded;
  /** Name as logtest prints it: the parent's name for a child without use_own_name. */
  readonly decoderName?: string;
  /** The parent decoder's name when a child decoder matched. */
  readonly decoderParent?: string;
  /** Decoded fields in decode order: original name → value (first occurrence wins). */
  readonly fields: ReadonlyMap<string, string>;
  /**
   * A static slot when `name` is exactly a static field name (srcip, dstuser, ...), else the
   * first dynamic field of that name, compared case-insensitively (Wazuh FindField).
   */
  field(name: string): string | undefined;
  /** The decoder (absent when no decoder matched). */
  readonly decoder?: DecoderRef;
  /** Value of a static slot (srcip, dstuser, ...), or undefined. Names are exact, lower case. */
  staticField(name: string): string | undefined;
  /** Case-insensitive lookup among dynamic fields only (first occurrence wins). */
  dynamicField(name: string): string | undefined;
  /** True when at least one dynamic field was decoded. */
  readonly hasDynamicFields: boolean;
  /** OSSECAlert plug-in: the rule id of the forwarded alert (Wazuh generated_rule). */
  readonly generatedRuleId?: string;
  /** FIM events (queue "8"): the alert's `syscheck` block (path, event, mode, *_before/_after...). */
  readonly syscheck?: Readonly<Record<string, unknown>>;
}
