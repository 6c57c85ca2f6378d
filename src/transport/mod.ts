/** Public entry of transport: the agent⇄manager link (knows nothing of rules or scripts). */
export { transportCodes, type TransportCode } from "./codes.ts";
export { TransportError, reasonCode } from "./transport_error.ts";
export { DEFAULT_MAX_FRAME_BYTES, FrameDecoder, encodeFrame } from "./frame.ts";
export * from "./messages.ts";
export { createCounters, type Channel, type ChannelCounters, type ChannelOptions, type Listener, type PeerIdentity } from "./channel.ts";
export { createStreamChannel } from "./stream_channel.ts";
export { createMemoryPair, type MemoryPair, type MemoryPairOptions } from "./memory_channel.ts";
export { connectTls, listenTls, type TlsConnectOptions, type TlsListenOptions } from "./tls_channel.ts";
export { createBackoff, type Backoff, type BackoffOptions } from "./backoff.ts";
export {
  certificateFingerprint, createAgentCsr, createCertificateAuthority, issueServerCertificate, signAgentCsr, type KeyAndCert,
} from "./pki.ts";
