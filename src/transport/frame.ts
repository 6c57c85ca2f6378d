/**
 * Framing: each frame is a 4-byte big-endian length followed by that many bytes of UTF-8
 * JSON. The decoder refuses a frame whose announced length exceeds the maximum BEFORE
 * buffering it (a peer cannot make us allocate), and refuses bytes that are not JSON.
 * Must not: interpret the JSON (messages.ts validates shapes).
 */
import { TransportError } from "./transport_error.ts";

/** Default maximum frame payload, in bytes (1 MiB: a batch of events, never a file). */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
const HEADER_BYTES = 4;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Encodes one value as a frame; throws TRANSPORT_SEND_TOO_LARGE above `maxFrameBytes`. */
export function encodeFrame(value: unknown, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  if (body.length > maxFrameBytes) {
    throw new TransportError("TRANSPORT_SEND_TOO_LARGE", `Cannot send a ${body.length}-byte frame: the maximum is ${maxFrameBytes}`);
  }
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  out.writeUInt32BE(body.length, 0);
  body.copy(out, HEADER_BYTES);
  return out;
}

/**
 * Incremental decoder. `push` returns the complete frames' parsed JSON values in order and
 * throws a TransportError (TRANSPORT_FRAME_TOO_LARGE or TRANSPORT_FRAME_MALFORMED) on the
 * first bad frame; after a throw the decoder MUST NOT be used again (the channel closes).
 */
export class FrameDecoder {
  readonly #max: number;
  #chunks: Buffer[] = [];
  #buffered = 0;

  constructor(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {
    this.#max = maxFrameBytes;
  }

  push(chunk: Buffer): unknown[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const out: unknown[] = [];
    for (;;) {
      if (this.#buffered < HEADER_BYTES) break;
      const head = this.#peek(HEADER_BYTES);
      const length = head.readUInt32BE(0);
      if (length > this.#max) {
        throw new TransportError("TRANSPORT_FRAME_TOO_LARGE", `Cannot accept a ${length}-byte frame: the maximum is ${this.#max}`);
      }
      if (this.#buffered < HEADER_BYTES + length) break;
      const frame = this.#take(HEADER_BYTES + length).subarray(HEADER_BYTES);
      out.push(parseJson(frame));
    }
    return out;
  }

  #peek(n: number): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks)];
    return (this.#chunks[0] ?? Buffer.alloc(0)).subarray(0, n);
  }

  #take(n: number): Buffer {
    const all = this.#chunks.length === 1 ? (this.#chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(this.#chunks);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered = rest.length;
    return head;
  }
}

function parseJson(frame: Buffer): unknown {
  try {
    return JSON.parse(utf8.decode(frame));
  } catch (error: unknown) {
    throw new TransportError("TRANSPORT_FRAME_MALFORMED", "Cannot parse a frame: it is not UTF-8 JSON", { cause: error });
  }
}
