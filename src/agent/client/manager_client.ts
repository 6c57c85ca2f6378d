/**
 * The agent's link to its manager: connects (through the injected `connect`), says hello,
 * resumes from the manager's acknowledged sequence number, ships the spool in consecutive
 * batches with a bounded window of unacknowledged events, forgets what is acknowledged, sends
 * keepalives, reconnects with backoff and jitter when the channel closes or falls silent, and
 * hands active-response commands to the plugged handler.
 * Must not: collect events (sources do) or execute responses (execd does).
 */
import type { Logger } from "../../core/mod.ts";
import { errorMessage } from "../../core/mod.ts";
import {
  TransportError, createBackoff, type ArMessage, type ArResultMessage, type BackoffOptions, type Channel, type EventItem, type WelcomeMessage, type WireMessage,
} from "../../transport/mod.ts";
import type { EventSpool } from "../spool/mod.ts";

/** Answers an AR command; results go back to the manager (queued while disconnected). */
export type ArResponder = (result: Omit<ArResultMessage, "t">) => void;
/** The execd plug: receives each AR command once per delivery. MUST NOT throw. */
export type ArHandler = (command: ArMessage, respond: ArResponder) => void;

export interface ManagerClientOptions {
  readonly connect: () => Promise<Channel>;
  readonly spool: EventSpool;
  readonly agentId: string;
  readonly name: string;
  readonly version: string;
  readonly logger: Logger;
  readonly onAr?: ArHandler;
  readonly backoff?: BackoffOptions;
  /** Reconnect when nothing was heard for this long (ms). @default 60000 */
  readonly silenceMs?: number;
  /** Keepalive interval (ms); the manager's announced interval caps it. @default the manager's */
  readonly keepaliveMs?: number;
  /** Events sent but not yet acknowledged, at most. @default 5000 */
  readonly windowEvents?: number;
  /** Events per batch, at most. @default 500 */
  readonly batchEvents?: number;
}

export interface ClientStatus {
  connected: boolean;
  connects: number;
  sent: number;
  acked: number;
  lastError?: string;
}

const BATCH_BYTES = 512 * 1024;
const MAX_OUTBOX = 1000;

export class ManagerClient {
  readonly status: ClientStatus = { connected: false, connects: 0, sent: 0, acked: 0 };
  readonly #o: ManagerClientOptions;
  readonly #outbox: ArResultMessage[] = [];
  #channel: Channel | undefined;

  constructor(options: ManagerClientOptions) {
    this.#o = options;
  }

  /** Runs until `signal` aborts: connect, serve, reconnect with backoff. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = createBackoff(this.#o.backoff);
    while (!signal.aborted) {
      try {
        const channel = await this.#o.connect();
        this.status.connects++;
        backoff.reset();
        await this.#session(channel, signal);
      } catch (error: unknown) {
        this.status.lastError = errorMessage(error);
        this.#o.logger.warn("manager connection failed", { error: this.status.lastError, code: (error as { code?: string }).code });
      }
      this.status.connected = false;
      if (signal.aborted) break;
      await sleep(backoff.next(), signal);
    }
  }

  async #session(channel: Channel, signal: AbortSignal): Promise<void> {
    const onAbort = () => void channel.close();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const { spool } = this.#o;
      await channel.send({ t: "hello", agentId: this.#o.agentId, name: this.#o.name, version: this.#o.version, spoolId: spool.spoolId, dropped: spool.dropped });
      const iterator = channel.messages()[Symbol.asyncIterator]();
      const welcome = await this.#welcome(channel, iterator);
      spool.ack(welcome.ackedSeq);
      this.#channel = channel;
      this.status.connected = true;
      this.#o.logger.info("connected to the manager", { ackedSeq: welcome.ackedSeq, spooled: spool.size });
      const state = { acked: welcome.ackedSeq, sent: welcome.ackedSeq, lastHeard: Date.now(), wake: () => {} };
      await Promise.all([this.#sender(channel, state), this.#receiver(channel, iterator, state), this.#keepalive(channel, state, welcome)]);
      const reason = await channel.closed;
      if (reason) throw reason;
    } finally {
      this.#channel = undefined;
      signal.removeEventListener("abort", onAbort);
      await channel.close();
    }
  }

  async #welcome(channel: Channel, iterator: AsyncIterator<WireMessage>): Promise<WelcomeMessage> {
    const timer = setTimeout(() => void channel.close(new TransportError("TRANSPORT_IDLE_TIMEOUT", "No welcome from the manager")), 15_000);
    try {
      const first = await iterator.next();
      if (first.done) throw (await channel.closed) ?? new TransportError("TRANSPORT_CLOSED", "The manager closed the channel");
      const m = first.value;
      if (m.t === "refused") throw new TransportError("TRANSPORT_PEER_UNTRUSTED", `The manager refused this agent: ${m.code}: ${m.message}`);
      if (m.t !== "welcome" || m.agentId !== this.#o.agentId) throw new TransportError("TRANSPORT_MESSAGE_UNEXPECTED", `Expected welcome, got "${m.t}"`);
      return m;
    } finally {
      clearTimeout(timer);
    }
  }

  async #sender(channel: Channel, state: SessionState): Promise<void> {
    const { spool } = this.#o;
    const window = this.#o.windowEvents ?? 5000;
    const unsubscribe = spool.onAppended(() => state.wake());
    try {
      await this.#flushOutbox(channel);
      while (!channel.isClosed) {
        const room = window - (state.sent - state.acked);
        const batch = room > 0 ? spool.pending(state.sent, Math.min(room, this.#o.batchEvents ?? 500)) : [];
        if (batch.length === 0) {
          await new Promise<void>((resolve) => (state.wake = resolve));
          continue;
        }
        const items = cutToBytes(batch.map((b) => b.item));
        const firstSeq = batch[0]?.seq ?? 0;
        await channel.send({ t: "events", firstSeq, items });
        state.sent = firstSeq + items.length - 1;
        this.status.sent += items.length;
      }
    } catch {
      // The channel closed while sending: the session ends and the unacked events are resent.
    } finally {
      unsubscribe();
    }
  }

  async #receiver(channel: Channel, iterator: AsyncIterator<WireMessage>, state: SessionState): Promise<void> {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      const m = r.value;
      state.lastHeard = Date.now();
      if (m.t === "ack") {
        if (m.seq > state.acked) {
          this.#o.spool.ack(m.seq);
          this.status.acked += m.seq - state.acked;
          state.acked = m.seq;
        }
      } else if (m.t === "ar") {
        this.#dispatchAr(m);
      } else if (m.t === "refused") {
        this.#o.logger.warn("the manager refused this agent", { code: m.code, message: m.message });
      } else if (m.t !== "keepalive") {
        await channel.close(new TransportError("TRANSPORT_MESSAGE_UNEXPECTED", `Unexpected "${m.t}" from the manager`));
      }
      state.wake();
    }
    state.wake();
  }

  async #keepalive(channel: Channel, state: SessionState, welcome: WelcomeMessage): Promise<void> {
    const silenceMs = this.#o.silenceMs ?? 60_000;
    const closed = new AbortController();
    void channel.closed.then(() => closed.abort());
    const intervalMs = Math.min(welcome.keepaliveSec * 1000, this.#o.keepaliveMs ?? Number.POSITIVE_INFINITY);
    while (!channel.isClosed) {
      await sleep(intervalMs, closed.signal);
      if (channel.isClosed) break;
      if (Date.now() - state.lastHeard > silenceMs) {
        await channel.close(new TransportError("TRANSPORT_IDLE_TIMEOUT", "The manager fell silent"));
        break;
      }
      await channel.send({ t: "keepalive", dropped: this.#o.spool.dropped }).catch(() => undefined);
    }
  }

  #dispatchAr(command: ArMessage): void {
    const respond: ArResponder = (result) => {
      const message: ArResultMessage = { t: "ar_result", ...result };
      const ch = this.#channel;
      if (ch) void ch.send(message).catch(() => this.#queue(message));
      else this.#queue(message);
    };
    if (!this.#o.onAr) return respond({ id: command.id, outcome: "refused", detail: "This agent has no active-response handler" });
    try {
      this.#o.onAr(command, respond);
    } catch (error: unknown) {
      respond({ id: command.id, outcome: "failed", detail: errorMessage(error) });
    }
  }

  #queue(message: ArResultMessage): void {
    if (this.#outbox.length >= MAX_OUTBOX) this.#outbox.shift();
    this.#outbox.push(message);
  }

  async #flushOutbox(channel: Channel): Promise<void> {
    while (this.#outbox.length > 0) {
      const m = this.#outbox[0] as ArResultMessage;
      await channel.send(m);
      this.#outbox.shift();
    }
  }
}

interface SessionState {
  acked: number;
  sent: number;
  lastHeard: number;
  wake: () => void;
}

/** Keeps a batch's prefix under BATCH_BYTES (at least one item: one item is ≤ 64 KiB). */
function cutToBytes(items: readonly EventItem[]): EventItem[] {
  let bytes = 0;
  const out: EventItem[] = [];
  for (const item of items) {
    bytes += item.log.length * 3 + item.location.length * 3 + 40;
    if (out.length > 0 && bytes > BATCH_BYTES) break;
    out.push(item);
  }
  return out;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
