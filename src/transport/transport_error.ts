/**
 * The runtime error of the transport: every refusal and close reason carries one of the
 * codes of codes.ts, so counters and logs name the reason without parsing messages.
 */
import { RiposteError } from "../core/mod.ts";
import type { TransportCode } from "./codes.ts";

export class TransportError extends RiposteError {
  override name = "TransportError";
  declare readonly code: TransportCode;

  constructor(code: TransportCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(code, message, options);
  }
}

/** The transport code of a close reason, or TRANSPORT_CLOSED for anything else. */
export function reasonCode(reason: Error | undefined): TransportCode {
  return reason instanceof TransportError ? reason.code : "TRANSPORT_CLOSED";
}
