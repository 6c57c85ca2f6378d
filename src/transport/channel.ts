/**
 * The agent⇄manager link, as one interface with two implementations: TLS (tls_channel.ts,
 * production) and an in-memory pair (memory_channel.ts, tests). Both pass
 * test/harness/channel_conformance.ts.
 *
 * Contract of a Channel:
 * - `peer` is the identity the transport AUTHENTICATED (certificate), never one a message
 *   claimed. Receivers MUST use it, not ids found inside messages.
 * - `messages()` yields only messages that passed `validateMessage`, in send order; it MUST be
 *   iterated by one consumer only. It ends when the channel closes (after the messages already
 *   received). A bad frame (too large, malformed, invalid) closes the channel with a
 *   TransportError whose code names the reason, and the reason is counted.
 * - `send()` resolves once the frame is handed to the OS (not when the peer processed it:
 *   delivery guarantees are acks in the protocol). It rejects with TRANSPORT_CLOSED after
 *   close and with TRANSPORT_SEND_TOO_LARGE for an oversized message (channel stays open).
 * - `close(reason)` is idempotent; `closed` resolves (never rejects) with the local reason,
 *   or with a TRANSPORT_CLOSED error when the peer or the network ended it, or undefined for
 *   a plain local close(). Whoever opened the channel closes it; the channel never retries
 *   or reconnects (the agent client does, with backoff).
 */
import type { WireMessage } from "./messages.ts";

/** Who is at the other end, as authenticated by the transport. */
export interface PeerIdentity {
  /** "agent": a client certificate issued by our CA; "manager": the pinned server; "anonymous": enrollment. */
  readonly kind: "agent" | "manager" | "anonymous";
  /** Agent id from the certificate subject (kind "agent"). */
  readonly agentId?: string;
  /** Certificate serial number, hex upper case (kind "agent"/"manager"). */
  readonly serial?: string;
  /** SHA-256 fingerprint of the peer certificate, `AA:BB:…` (kind "agent"/"manager"). */
  readonly fingerprint?: string;
  /** Remote IP address (or "memory"). */
  readonly address: string;
}

export interface Channel {
  readonly peer: PeerIdentity;
  send(message: WireMessage): Promise<void>;
  messages(): AsyncIterable<WireMessage>;
  close(reason?: Error): Promise<void>;
  readonly closed: Promise<Error | undefined>;
  readonly isClosed: boolean;
}

/**
 * A source of inbound channels. `accept` yields each authenticated channel until `signal`
 * aborts or `close()` is called; the consumer owns (and closes) every yielded channel.
 * Connections refused during authentication are closed by the listener and counted.
 * `close()` stops listening and destroys connections whose owners did not close them yet
 * (owners SHOULD close their channels first, for a clean goodbye).
 */
export interface Listener {
  readonly host: string;
  readonly port: number;
  accept(signal: AbortSignal): AsyncIterable<Channel>;
  close(): Promise<void>;
}

/**
 * Where refusals and close reasons are counted (by code). Shared by every channel of a
 * daemon so the control socket and logs can report them. MUST NOT throw.
 */
export interface ChannelCounters {
  count(code: string, n?: number): void;
  snapshot(): Readonly<Record<string, number>>;
}

export function createCounters(): ChannelCounters {
  const values = new Map<string, number>();
  return {
    count: (code, n = 1) => void values.set(code, (values.get(code) ?? 0) + n),
    snapshot: () => Object.fromEntries(values),
  };
}

/** Options common to both implementations. */
export interface ChannelOptions {
  /** @default DEFAULT_MAX_FRAME_BYTES (1 MiB) */
  readonly maxFrameBytes?: number;
  readonly counters?: ChannelCounters;
}
