/**
 * Builds the RuleInput rules read from a decoded event: category and first-time-seen key
 * from the event's decoder, hostname/location/agent from pre-decoding.
 */
import type { DecodedEvent } from "./decoded_event.ts";
import { anyField, type RuleInput } from "./rules/mod.ts";

export function ruleInputOf(decoded: DecodedEvent, now: number): RuleInput {
  const p = decoded.predecoded;
  const input: RuleInput = {
    decoded,
    log: p.log,
    decoderName: decoded.decoderName,
    category: decoded.decoder?.type ?? "syslog",
    programName: p.programName,
    hostname: p.hostname ?? "",
    location: p.location,
    agentId: p.agentId,
    ftsKey: undefined,
    now,
    hasDynamicFields: decoded.hasDynamicFields,
    staticField: (name) => decoded.staticField(name),
    dynamicField: (name) => decoded.dynamicField(name),
  };
  const fts = decoded.decoder?.fts ?? [];
  if (fts.length === 0) return input;
  return { ...input, ftsKey: ftsKeyOf(input, fts) };
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
