/**
 * Builds the RuleInput rules read from a decoded event: category and first-time-seen key
 * from the event's decoder, hostname/location/agent from pre-decoding.
 */
import type { DecodedEvent } from "./decoded_event.ts";
import { anyField, type RuleInput } from "./rules/mod.ts";

export function ruleInputOf(decoded: DecodedEvent, now: number): RuleInput {
  return new EventRuleInput(decoded, now);
}

/** One class (one hidden shape) for every event: monomorphic reads on the hot path. */
class EventRuleInput implements RuleInput {
  readonly decoded: DecodedEvent;
  readonly log: string;
  readonly decoderName: string | undefined;
  readonly category: string;
  readonly programName: string | undefined;
  readonly hostname: string;
  readonly location: string;
  readonly agentId: string;
  readonly ftsKey: string | undefined;
  readonly now: number;
  readonly hasDynamicFields: boolean;

  constructor(decoded: DecodedEvent, now: number) {
    const p = decoded.predecoded;
    this.decoded = decoded;
    this.log = p.log;
    this.decoderName = decoded.decoderName;
    this.category = decoded.decoder?.type ?? "syslog";
    this.programName = p.programName;
    this.hostname = p.hostname ?? "";
    this.location = p.location;
    this.agentId = p.agentId;
    this.now = now;
    this.hasDynamicFields = decoded.hasDynamicFields;
    const fts = decoded.decoder?.fts ?? [];
    this.ftsKey = fts.length === 0 ? undefined : ftsKeyOf(this, fts);
  }

  staticField(name: string): string | undefined {
    return this.decoded.staticField(name);
  }

  dynamicField(name: string): string | undefined {
    return this.decoded.dynamicField(name);
  }
}

/** Wazuh compat: `name` is the decoder name, `user` the dstuser; missing values are empty. */
function ftsKeyOf(input: RuleInput, fts: readonly string[]): string {
  const parts = [input.decoderName ?? ""];
  for (const raw of fts) {
    const name = raw.trim().toLowerCase();
    if (name === "name") continue;
    if (name === "location") parts.push(input.location);
    else if (name === "user") parts.push(input.staticField("dstuser") ?? "");
    else parts.push(anyField(input, raw.trim()) ?? "");
  }
  return parts.join("\u0001");
}
