/**
 * The production Channel: TLS 1.3 over node:tls. The listener authenticates clients by
 * certificate when given a CA (agent port: mutual TLS, identity = certificate subject CN),
 * then asks `authorize` (registry: revoked? known serial?) before yielding the channel. The
 * client pins the server certificate's SHA-256 fingerprint.
 * Must not: retry (the agent client reconnects) or read files (callers pass PEM strings).
 */
import { once } from "node:events";
import * as tls from "node:tls";
import type { Channel, ChannelOptions, Listener, PeerIdentity } from "./channel.ts";
import { createStreamChannel } from "./stream_channel.ts";
import { encodeFrame } from "./frame.ts";
import { AGENT_ID } from "./messages.ts";
import { TransportError } from "./transport_error.ts";

export interface TlsListenOptions extends ChannelOptions {
  readonly host: string;
  /** 0 picks any free port; read the chosen one from `listener.port`. */
  readonly port: number;
  readonly certPem: string;
  readonly keyPem: string;
  /** When set, clients MUST present a certificate issued by this CA whose CN is an agent id. */
  readonly caPem?: string;
  /** Last word on an authenticated peer: return an error to refuse it (sent as `refused`, then closed). */
  readonly authorize?: (peer: PeerIdentity) => TransportError | undefined;
  /** @default 10000 */
  readonly handshakeTimeoutMs?: number;
  /** Connections open at once, at most; beyond, new ones are closed at once. @default 16384 */
  readonly maxConnections?: number;
}

export async function listenTls(options: TlsListenOptions): Promise<Listener> {
  const server = tls.createServer({
    minVersion: "TLSv1.3", cert: options.certPem, key: options.keyPem,
    requestCert: options.caPem !== undefined, rejectUnauthorized: options.caPem !== undefined,
    ...(options.caPem !== undefined ? { ca: options.caPem } : {}),
    handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
  });
  server.maxConnections = options.maxConnections ?? 16_384;
  const pending: Channel[] = [];
  const sockets = new Set<tls.TLSSocket>();
  let wake: (() => void) | undefined;
  server.on("tlsClientError", (_error, socket) => {
    options.counters?.count("TRANSPORT_PEER_UNTRUSTED");
    socket.destroy();
  });
  server.on("secureConnection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    const channel = admit(socket, options);
    if (!channel) return;
    pending.push(channel);
    wake?.();
  });
  server.listen(options.port, options.host);
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  let closing = false;
  return {
    host: options.host,
    port,
    async *accept(signal: AbortSignal) {
      const onAbort = () => wake?.();
      signal.addEventListener("abort", onAbort);
      try {
        while (!signal.aborted && !closing) {
          const next = pending.shift();
          if (next) yield next;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        signal.removeEventListener("abort", onAbort);
      }
    },
    /** Stops listening; connections still open (their owners did not close them) are destroyed. */
    async close() {
      closing = true;
      wake?.();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      for (const ch of pending.splice(0)) await ch.close();
      await closed;
    },
  };
}

/** Builds the authenticated identity, or refuses the socket (counted) and returns undefined. */
function admit(socket: tls.TLSSocket, options: TlsListenOptions): Channel | undefined {
  socket.on("error", () => socket.destroy());
  // Acks and keepalives are tiny frames: Nagle would hold them back.
  socket.setNoDelay(true);
  const address = socket.remoteAddress ?? "unknown";
  let peer: PeerIdentity = { kind: "anonymous", address };
  if (options.caPem !== undefined) {
    const cert = socket.getPeerX509Certificate();
    const agentId = /(?:^|\n)CN=([^\n]*)/.exec(cert?.subject ?? "")?.[1] ?? "";
    if (!cert || !AGENT_ID.test(agentId)) return refuse(socket, options, new TransportError("TRANSPORT_PEER_UNTRUSTED", "Cannot accept the peer: its certificate names no agent"));
    peer = { kind: "agent", agentId, serial: cert.serialNumber.toUpperCase(), fingerprint: cert.fingerprint256.toUpperCase(), address };
  }
  const refusal = options.authorize?.(peer);
  if (refusal) return refuse(socket, options, refusal);
  return createStreamChannel(socket, peer, options);
}

function refuse(socket: tls.TLSSocket, options: TlsListenOptions, reason: TransportError): undefined {
  options.counters?.count(reason.code);
  socket.end(encodeFrame({ t: "refused", code: reason.code, message: reason.message }));
  setTimeout(() => socket.destroy(), 1000).unref();
  return undefined;
}

export interface TlsConnectOptions extends ChannelOptions {
  readonly host: string;
  readonly port: number;
  /** Client identity (agent port). Omit for enrollment. */
  readonly certPem?: string;
  readonly keyPem?: string;
  /** The manager's CA: when set, the server chain MUST verify against it. */
  readonly caPem?: string;
  /** SHA-256 fingerprint `AA:BB:…` the server certificate MUST have. */
  readonly pinSha256?: string;
  /** @default 10000 */
  readonly timeoutMs?: number;
}

/**
 * Connects and verifies the server (chain against `caPem` when given, fingerprint against
 * `pinSha256` when given). Rejects with TRANSPORT_PIN_MISMATCH before sending anything to a
 * server that fails the pin, TRANSPORT_CONNECT_FAILED otherwise.
 */
export async function connectTls(options: TlsConnectOptions): Promise<Channel> {
  const socket = tls.connect({
    host: options.host, port: options.port, minVersion: "TLSv1.3", servername: "riposte-manager",
    rejectUnauthorized: options.caPem !== undefined,
    ...(options.caPem !== undefined ? { ca: options.caPem } : {}),
    ...(options.certPem !== undefined && options.keyPem !== undefined ? { cert: options.certPem, key: options.keyPem } : {}),
    // The pin replaces host-name checks: agents reach the manager by any address.
    checkServerIdentity: () => undefined,
  });
  const timer = setTimeout(() => socket.destroy(new Error("timed out")), options.timeoutMs ?? 10_000);
  try {
    await once(socket, "secureConnect");
  } catch (error: unknown) {
    socket.destroy();
    throw new TransportError("TRANSPORT_CONNECT_FAILED", `Cannot connect to ${options.host}:${options.port}: ${error instanceof Error ? error.message : "failed"}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  socket.setNoDelay(true);
  const cert = socket.getPeerX509Certificate();
  const fingerprint = cert?.fingerprint256.toUpperCase() ?? "";
  if (options.pinSha256 !== undefined && fingerprint !== options.pinSha256.toUpperCase()) {
    socket.destroy();
    options.counters?.count("TRANSPORT_PIN_MISMATCH");
    throw new TransportError("TRANSPORT_PIN_MISMATCH", `Cannot trust the manager: its certificate fingerprint "${fingerprint}" is not the pinned one`);
  }
  const peer: PeerIdentity = { kind: "manager", fingerprint, serial: cert?.serialNumber.toUpperCase() ?? "", address: socket.remoteAddress ?? options.host };
  return createStreamChannel(socket, peer, options);
}
