/**
 * The DecodedEvent the engine reports when analysis failed internally: the raw message as
 * log and full_log, no decoder, no fields. Never throws, whatever `raw` holds.
 */
import type { RawEvent } from "../core/mod.ts";
import type { DecodedEvent } from "./decoded_event.ts";

const NO_FIELDS: ReadonlyMap<string, string> = new Map();

export function fallbackDecoded(raw: RawEvent): DecodedEvent {
  const log = typeof raw?.log === "string" ? raw.log : "";
  const location = typeof raw?.location === "string" ? raw.location : "";
  return {
    raw,
    predecoded: { log, fullLog: log, location, agentId: typeof raw?.agentId === "string" ? raw.agentId : "000" },
    fields: NO_FIELDS,
    field: () => undefined,
    staticField: () => undefined,
    dynamicField: () => undefined,
    hasDynamicFields: false,
  };
}
