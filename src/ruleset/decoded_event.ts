/**
 * The contract between decoding and rule matching: what the predecoder and the decoders
 * produce for one event and what rules read. Wazuh compat (semantics §1): static fields
 * (srcip, dstip, srcport, dstport, protocol, action, srcuser, dstuser, id, status, url,
 * data, extra_data, system_name) and dynamic fields share one map; names are looked up
 * case-insensitively and the first occurrence wins.
 */
import type { RawEvent } from "../core/mod.ts";

export interface Predecoded {
  /** The message with the syslog header removed: what decoders and <match>/<regex> see. */
  readonly log: string;
  /** The original message (Wazuh full_log). */
  readonly fullLog: string;
  readonly programName?: string;
  readonly timestamp?: string;
  readonly hostname?: string;
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
  /** Case-insensitive lookup over `fields`. */
  field(name: string): string | undefined;
}
