/**
 * PipeInput: the stdin of a script started by the posix_spawn addon. A response writes one
 * line, then (after check_keys) one answer, then closes: while the pipe has room, each write
 * is one write(2) on the non-blocking fd and the close one close(2), with none of a
 * net.Socket's handle machinery. If the pipe is full (a script that has not read its input
 * yet), the fd is handed to a net.Socket, which waits for room; the order of bytes is kept.
 * Must not: block (the fd is non-blocking), or close the fd twice.
 */
import { closeSync, writeSync } from "node:fs";
import { Socket } from "node:net";
import { Writable } from "node:stream";

export class PipeInput extends Writable {
  #fd: number | undefined;
  #socket: Socket | undefined;

  /** `fd` MUST be a non-blocking pipe write end that this object now owns. */
  constructor(fd: number) {
    super();
    this.#fd = fd;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.#socket) {
      this.#socket.write(chunk, done);
      return;
    }
    let written = 0;
    try {
      written = writeSync(this.#fd as number, chunk);
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") return done(error as Error);
    }
    if (written === chunk.length) return done();
    this.#handOver().write(chunk.subarray(written), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.#socket) this.#socket.end(done);
    else done(this.#close());
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (this.#socket) this.#socket.destroy();
    else this.#close();
    done(error);
  }

  #handOver(): Socket {
    const socket = new Socket({ fd: this.#fd as number, readable: false, writable: true });
    socket.on("error", (error) => this.destroy(error));
    this.#fd = undefined;
    this.#socket = socket;
    return socket;
  }

  #close(): Error | null {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) return null;
    try {
      closeSync(fd);
      return null;
    } catch (error: unknown) {
      return error as Error;
    }
  }
}
