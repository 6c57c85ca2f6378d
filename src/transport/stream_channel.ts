/**
 * A Channel over any byte stream (a TLS socket, one end of an in-memory duplex pair): framing,
 * validation before delivery, backpressure both ways, and the close protocol of channel.ts.
 * Must not: authenticate (the caller passes the already-authenticated peer).
 */
import type { Duplex } from "node:stream";
import type { Channel, ChannelOptions, PeerIdentity } from "./channel.ts";
import { DEFAULT_MAX_FRAME_BYTES, FrameDecoder, encodeFrame } from "./frame.ts";
import { validateMessage, type WireMessage } from "./messages.ts";
import { TransportError, reasonCode } from "./transport_error.ts";

/** Inbound messages buffered before the stream is paused. */
const HIGH_WATER_MESSAGES = 512;

export function createStreamChannel(stream: Duplex, peer: PeerIdentity, options: ChannelOptions = {}): Channel {
  return new StreamChannel(stream, peer, options);
}

class StreamChannel implements Channel {
  readonly peer: PeerIdentity;
  readonly closed: Promise<Error | undefined>;
  readonly #stream: Duplex;
  readonly #max: number;
  readonly #options: ChannelOptions;
  readonly #decoder: FrameDecoder;
  #queue: WireMessage[] = [];
  #wake: (() => void) | undefined;
  #isClosed = false;
  #resolveClosed!: (reason: Error | undefined) => void;

  constructor(stream: Duplex, peer: PeerIdentity, options: ChannelOptions) {
    this.peer = Object.freeze({ ...peer });
    this.#stream = stream;
    this.#options = options;
    this.#max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.#decoder = new FrameDecoder(this.#max);
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    stream.on("data", (chunk: Buffer) => this.#onData(chunk));
    stream.on("end", () => this.#finish(new TransportError("TRANSPORT_CLOSED", "The peer closed the channel")));
    stream.on("close", () => this.#finish(new TransportError("TRANSPORT_CLOSED", "The connection closed")));
    stream.on("error", (error: Error) =>
      this.#finish(new TransportError("TRANSPORT_CLOSED", `The connection failed: ${error.message}`, { cause: error })));
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  async send(message: WireMessage): Promise<void> {
    if (this.#isClosed) throw new TransportError("TRANSPORT_CLOSED", "Cannot send: the channel is closed");
    const frame = encodeFrame(message, this.#max);
    await new Promise<void>((resolve, reject) => {
      const flushed = this.#stream.write(frame, (error) => {
        if (error) reject(new TransportError("TRANSPORT_CLOSED", `Cannot send: ${error.message}`, { cause: error }));
        else if (flushed) resolve();
      });
      if (!flushed) this.#stream.once("drain", resolve);
    });
  }

  async *messages(): AsyncIterable<WireMessage> {
    for (;;) {
      const next = this.#queue.shift();
      if (next !== undefined) {
        if (this.#queue.length < HIGH_WATER_MESSAGES / 2 && this.#stream.isPaused()) this.#stream.resume();
        yield next;
        continue;
      }
      if (this.#isClosed) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  async close(reason?: Error): Promise<void> {
    if (!this.#isClosed) {
      this.#finish(reason);
      this.#stream.end();
      setTimeout(() => this.#stream.destroy(), 1000).unref();
    }
    await this.closed;
  }

  #onData(chunk: Buffer): void {
    if (this.#isClosed) return;
    let values: unknown[];
    try {
      values = this.#decoder.push(chunk);
    } catch (error: unknown) {
      this.#fail(error instanceof TransportError ? error : new TransportError("TRANSPORT_FRAME_MALFORMED", "Cannot decode a frame", { cause: error }));
      return;
    }
    for (const value of values) {
      const message = validateMessage(value);
      if (!message) {
        this.#fail(new TransportError("TRANSPORT_MESSAGE_INVALID", "Cannot accept a frame: it is not a valid protocol message"));
        return;
      }
      this.#queue.push(message);
    }
    if (this.#queue.length >= HIGH_WATER_MESSAGES) this.#stream.pause();
    this.#signal();
  }

  /** A protocol violation by the peer: count it, close at once (no graceful drain). */
  #fail(reason: TransportError): void {
    this.#finish(reason);
    this.#stream.destroy();
  }

  #finish(reason: Error | undefined): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    if (reason) this.#options.counters?.count(reasonCode(reason));
    this.#resolveClosed(reason);
    this.#signal();
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
