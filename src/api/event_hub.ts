/**
 * Live feed for GET /events (server-sent events): alerts, response decisions and agents'
 * execution results, fanned out to every connected client. A client that does not keep up
 * (more than MAX_BUFFERED bytes waiting) is disconnected rather than buffered without bound;
 * it reconnects and reloads. A comment line every 15 s keeps proxies from closing the stream.
 * Must not: block the publisher (publish never throws, never waits).
 */
import type { Writable } from "node:stream";

export type FeedEvent = "alert" | "decision" | "result";

const MAX_BUFFERED = 1024 * 1024;

interface Client {
  readonly out: Writable;
  readonly close: () => void;
}

export class EventHub {
  readonly #clients = new Set<Client>();
  #seq = 0;
  #timer: NodeJS.Timeout | undefined;

  get size(): number {
    return this.#clients.size;
  }

  /** Adds a client; returns its removal. */
  add(out: Writable, close: () => void): () => void {
    const client = { out, close };
    this.#clients.add(client);
    this.#timer ??= setInterval(() => this.#write(": ping\n\n"), 15_000).unref();
    return () => this.#remove(client);
  }

  #remove(client: Client): void {
    this.#clients.delete(client);
    if (this.#clients.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  publish(type: FeedEvent, data: unknown): void {
    if (this.#clients.size === 0) return;
    let text: string;
    try {
      text = `id: ${++this.#seq}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    } catch {
      return;
    }
    this.#write(text);
  }

  #write(text: string): void {
    for (const c of this.#clients) {
      if (c.out.writableLength > MAX_BUFFERED || c.out.destroyed) {
        this.#remove(c);
        c.close();
        continue;
      }
      c.out.write(text);
    }
  }

  close(): void {
    for (const c of [...this.#clients]) {
      this.#remove(c);
      c.close();
    }
  }
}
