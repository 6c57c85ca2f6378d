/**
 * The time an event counts at for correlation windows: its receipt time (Wazuh's behaviour),
 * or with `timeSource: "event"` the timestamp of its syslog header (replaying history),
 * falling back to the receipt time when the header has none.
 */
import type { Clock } from "../core/mod.ts";
import type { DecodedEvent } from "./decoded_event.ts";
import { eventTimeMs, type DateForm } from "./predecode/mod.ts";

export function eventTimeOf(decoded: DecodedEvent, options: { readonly clock: Clock; readonly timeSource?: "receipt" | "event" }): number {
  const received = decoded.raw.receivedAt;
  const receipt = typeof received === "number" && Number.isFinite(received) ? received : options.clock.now();
  if (options.timeSource !== "event") return receipt;
  const p = decoded.predecoded as { readonly timestamp?: string; readonly headerForm?: DateForm };
  if (p.timestamp === undefined || p.headerForm === undefined) return receipt;
  return eventTimeMs(p.timestamp, p.headerForm, { referenceMs: receipt }) ?? receipt;
}
