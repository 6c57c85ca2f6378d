/** Codes emitted by the agent⇄manager transport (framing, messages, TLS, PKI). */
import { defineCodes } from "../core/mod.ts";

export const transportCodes = defineCodes({
  TRANSPORT_FRAME_TOO_LARGE: "A peer announced a frame larger than the maximum frame size; the channel was closed",
  TRANSPORT_FRAME_MALFORMED: "A frame was not valid UTF-8 JSON; the channel was closed",
  TRANSPORT_MESSAGE_INVALID: "A frame held JSON that is not a valid protocol message; the channel was closed",
  TRANSPORT_MESSAGE_UNEXPECTED: "A valid message arrived where the protocol does not allow it; the channel was closed",
  TRANSPORT_SEND_TOO_LARGE: "A message to send encodes to more than the maximum frame size; nothing was sent",
  TRANSPORT_CLOSED: "The channel is closed (by either side or by a network error)",
  TRANSPORT_CONNECT_FAILED: "The connection to the peer could not be established",
  TRANSPORT_PEER_UNTRUSTED: "The peer's certificate is unknown, revoked or does not match its claimed identity",
  TRANSPORT_PIN_MISMATCH: "The manager's certificate does not match the fingerprint the agent pinned at enrollment",
  TRANSPORT_IDLE_TIMEOUT: "Nothing was received from the peer within the keepalive window; the channel was closed",
  PKI_CSR_INVALID: "A certificate signing request could not be parsed or its signature does not verify",
  PKI_MATERIAL_INVALID: "A stored key or certificate file could not be read or parsed",
});
export type TransportCode = keyof typeof transportCodes;
