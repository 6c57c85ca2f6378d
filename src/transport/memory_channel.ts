/**
 * The in-memory Channel pair, for tests and for the manager's own local agent (000): the same
 * framing, limits and validation as TLS over a node:stream duplex pair, with identities
 * given by the caller instead of certificates. `rawA`/`rawB` expose the byte streams so tests
 * can inject hostile bytes.
 */
import { duplexPair, type Duplex } from "node:stream";
import type { Channel, ChannelOptions, PeerIdentity } from "./channel.ts";
import { createStreamChannel } from "./stream_channel.ts";

export interface MemoryPair {
  /** `a` sees `peerOfA` as its peer; `b` sees `peerOfB`. */
  readonly a: Channel;
  readonly b: Channel;
  /** The byte streams under `a` and `b` (writing to rawA reaches b's decoder). */
  readonly rawA: Duplex;
  readonly rawB: Duplex;
}

export interface MemoryPairOptions extends ChannelOptions {
  readonly peerOfA?: PeerIdentity;
  readonly peerOfB?: PeerIdentity;
}

export function createMemoryPair(options: MemoryPairOptions = {}): MemoryPair {
  const [rawA, rawB] = duplexPair();
  const a = createStreamChannel(rawA, options.peerOfA ?? { kind: "anonymous", address: "memory" }, options);
  const b = createStreamChannel(rawB, options.peerOfB ?? { kind: "anonymous", address: "memory" }, options);
  return { a, b, rawA, rawB };
}
