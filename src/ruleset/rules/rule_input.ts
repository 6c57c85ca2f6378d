/**
 * What rule conditions read about one event: the decoded event plus the values the engine
 * resolves around it (hostname, location, decoder category, first-time-seen key). Built once
 * per event by the engine; rules never look at the raw message or the clock directly.
 * Must not: hold state between events.
 */
import type { DecodedEvent } from "../decoded_event.ts";

/** Wazuh's fixed Eventinfo slots (semantics §1): every other field name is dynamic. */
export const STATIC_FIELDS: ReadonlySet<string> = new Set([
  "srcip",
  "dstip",
  "srcport",
  "dstport",
  "protocol",
  "action",
  "srcuser",
  "dstuser",
  "id",
  "status",
  "url",
  "data",
  "extra_data",
  "system_name",
]);

export interface RuleInput {
  readonly decoded: DecodedEvent;
  /** The log after pre-decoding (what `<match>` and `<regex>` see). */
  readonly log: string;
  /** Name of the event's decoder (parent's name for a child without use_own_name). */
  readonly decoderName: string | undefined;
  /** The decoder's `<type>`; "syslog" when no decoder matched. */
  readonly category: string;
  readonly programName: string | undefined;
  /** Agent name for agent events, syslog hostname, else the manager's name. */
  readonly hostname: string;
  /** Location without the `[id] (name) ` prefix (`stdin` in logtest). */
  readonly location: string;
  readonly agentId: string;
  /** Decoder name + its `<fts>` field values, when the decoder declares `<fts>`. */
  readonly ftsKey: string | undefined;
  /** Processing time in ms (the engine's clock; `<time>`/`<weekday>` read it). */
  readonly now: number;
  /** True when the event has at least one dynamic (non-static) field. */
  readonly hasDynamicFields: boolean;
  /** A static slot (srcip, dstuser, ...): exact lower-case names. */
  staticField(name: string): string | undefined;
  /** A dynamic field, case-insensitive, first occurrence wins. */
  dynamicField(name: string): string | undefined;
}

/** Static slot for static names, dynamic field otherwise. */
export function anyField(input: RuleInput, name: string): string | undefined {
  const lower = name.toLowerCase();
  return STATIC_FIELDS.has(lower) ? input.staticField(lower) : input.dynamicField(name);
}

/** `<user>` reads dstuser, else srcuser (semantics §1.5.1). */
export function userOf(input: RuleInput): string | undefined {
  return input.staticField("dstuser") ?? input.staticField("srcuser");
}
