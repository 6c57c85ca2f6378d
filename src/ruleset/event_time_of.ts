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
  // Consecutive lines mostly share their timestamp text: parse each text once.
  if (p.timestamp === last.text && p.headerForm === last.form && Math.abs(receipt - last.reference) < 3_600_000) return last.ms ?? receipt;
  const ms = eventTimeMs(p.timestamp, p.headerForm, { referenceMs: receipt });
  last = { text: p.timestamp, form: p.headerForm, reference: receipt, ms };
  return ms ?? receipt;
}

let last: { text: string; form: DateForm | undefined; reference: number; ms: number | undefined } = { text: "", form: undefined, reference: 0, ms: undefined };
