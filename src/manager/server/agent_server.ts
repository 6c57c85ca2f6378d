/**
 * Serves agent channels (port 1514 and the local agent's in-memory channel): authorises the
 * certificate against the registry, runs the hello/welcome handshake, hands event batches
 * to the intake journal and acknowledges them once durable, answers keepalives, detects
 * silent agents, relays active-response commands and results, and closes an agent's live
 * channel the moment it is revoked.
 * Must not: analyse events or decide responses.
 */
import type { Logger } from "../../core/mod.ts";
import {
  TransportError, type ArMessage, type ArResultMessage, type Channel, type ChannelCounters, type EventItem, type HelloMessage, type PeerIdentity,
  type WireMessage,
} from "../../transport/mod.ts";
import type { AgentRegistry } from "../agents/mod.ts";
import type { IntakeJournal } from "../intake/mod.ts";
import type { ManagerCode } from "../codes.ts";

export interface AgentServerDeps {
  readonly registry: AgentRegistry;
  readonly journal: IntakeJournal;
  readonly counters: ChannelCounters;
  readonly logger: Logger;
  readonly now: () => number;
  /** Keepalive interval announced to agents. */
  readonly keepaliveSec: number;
  /** A channel silent this long is closed and the agent marked disconnected. */
  readonly disconnectAfterMs: number;
  /** An active-response result from an agent. MUST NOT throw. */
  readonly onArResult: (agentId: string, result: ArResultMessage) => void;
  /** @default 10000 */
  readonly helloTimeoutMs?: number;
}

/** Event batches of one agent being journaled at once, at most. */
const MAX_INFLIGHT_BATCHES = 32;

interface Session {
  readonly agentId: string;
  readonly channel: Channel;
  lastHeard: number;
}

export class AgentServer {
  readonly #deps: AgentServerDeps;
  readonly #sessions = new Map<string, Session>();
  readonly #keepalives = new Map<string, { at: number; dropped?: number }>();
  readonly #timer: NodeJS.Timeout;

  constructor(deps: AgentServerDeps) {
    this.#deps = deps;
    this.#timer = setInterval(() => this.#tick(), 1000);
    this.#timer.unref();
  }

  /** The TLS listener's last word on a certificate: known agent, current certificate, not revoked. */
  authorize(peer: PeerIdentity): TransportError | undefined {
    const record = peer.agentId === undefined ? undefined : this.#deps.registry.get(peer.agentId);
    if (!record || record.id === "000" || record.certSerial !== peer.serial) {
      this.#deps.counters.count("AGENT_UNKNOWN");
      return new TransportError("TRANSPORT_PEER_UNTRUSTED", "Cannot accept the agent: its certificate is not registered");
    }
    if (record.status === "revoked") {
      this.#deps.counters.count("AGENT_REVOKED");
      return new TransportError("TRANSPORT_PEER_UNTRUSTED", `Cannot accept agent ${record.id}: it was removed`);
    }
    return undefined;
  }

  /** Serves one authenticated channel until it closes; never throws. */
  async serve(channel: Channel): Promise<void> {
    const hello = await this.#handshake(channel);
    if (!hello) return;
    const agentId = hello.agentId;
    const previous = this.#sessions.get(agentId);
    if (previous) await previous.channel.close(new TransportError("TRANSPORT_CLOSED", "Replaced by a newer connection of the same agent"));
    const session: Session = { agentId, channel, lastHeard: this.#deps.now() };
    this.#sessions.set(agentId, session);
    const record = this.#deps.registry.get(agentId);
    this.#deps.registry.connected(agentId, { ip: channel.peer.address, version: hello.version, dropped: hello.dropped });
    if (hello.dropped > (record?.dropped ?? 0)) this.#deps.logger.warn("agent spool dropped events", { agent: agentId, dropped: hello.dropped });
    const ackedSeq = this.#deps.journal.open(agentId, hello.spoolId);
    await channel.send({ t: "welcome", agentId, ackedSeq, keepaliveSec: this.#deps.keepaliveSec }).catch(() => undefined);
    this.#deps.logger.info("agent connected", { agent: agentId, address: channel.peer.address, ackedSeq });
    try {
      await this.#loop(session, { id: agentId, name: record?.name ?? hello.name, ip: channel.peer.address });
    } finally {
      if (this.#sessions.get(agentId) === session) {
        this.#sessions.delete(agentId);
        this.#deps.registry.disconnected(agentId);
        this.#deps.logger.info("agent disconnected", { agent: agentId });
      }
      await channel.close();
    }
  }

  async #handshake(channel: Channel): Promise<HelloMessage | undefined> {
    const timer = setTimeout(() => void channel.close(new TransportError("TRANSPORT_IDLE_TIMEOUT", "No hello in time")), this.#deps.helloTimeoutMs ?? 10_000);
    let first: WireMessage | undefined;
    for await (const m of channel.messages()) {
      first = m;
      break;
    }
    clearTimeout(timer);
    if (!first) return undefined;
    if (first.t !== "hello") return this.#refuse(channel, "TRANSPORT_MESSAGE_UNEXPECTED", `Expected hello, got "${first.t}"`);
    if (first.agentId !== channel.peer.agentId) {
      this.#deps.logger.warn("agent claimed another id", { certificate: channel.peer.agentId, claimed: first.agentId, address: channel.peer.address });
      return this.#refuse(channel, "AGENT_ID_MISMATCH", "The claimed agent id is not the certificate's");
    }
    return first;
  }

  async #refuse(channel: Channel, code: ManagerCode | "TRANSPORT_MESSAGE_UNEXPECTED", message: string): Promise<undefined> {
    this.#deps.counters.count(code);
    await channel.send({ t: "refused", code, message }).catch(() => undefined);
    await channel.close();
    return undefined;
  }

  async #loop(session: Session, agent: { id: string; name: string; ip: string }): Promise<void> {
    const { channel } = session;
    // Journal writes in flight for this agent; past the bound we stop reading, so a flooding
    // agent meets TCP backpressure instead of growing the manager's memory.
    const inflight: Promise<void>[] = [];
    for await (const m of channel.messages()) {
      session.lastHeard = this.#deps.now();
      switch (m.t) {
        case "events":
          inflight.push(this.#intake(channel, agent, m.firstSeq, m.items));
          if (inflight.length >= MAX_INFLIGHT_BATCHES) await inflight.shift();
          break;
        case "keepalive":
          this.#keepalives.set(agent.id, { at: session.lastHeard, ...(m.dropped !== undefined ? { dropped: m.dropped } : {}) });
          await channel.send({ t: "keepalive" }).catch(() => undefined);
          break;
        case "ar_result":
          this.#deps.onArResult(agent.id, m);
          break;
        default:
          await this.#refuse(channel, "TRANSPORT_MESSAGE_UNEXPECTED", `Unexpected "${m.t}" from an agent`);
          return;
      }
    }
    await Promise.all(inflight);
  }

  /** Journals one batch, then acknowledges it (acks leave in batch order: commits resolve in order). */
  async #intake(channel: Channel, agent: { id: string; name: string; ip: string }, firstSeq: number, items: readonly EventItem[]): Promise<void> {
    try {
      const r = await this.#deps.journal.accept(agent, firstSeq, items);
      if (r.replayed > 0) this.#deps.counters.count("INTAKE_REPLAY", r.replayed);
      await channel.send({ t: "ack", seq: r.ackSeq }).catch(() => undefined);
    } catch (error: unknown) {
      this.#deps.counters.count("INTAKE_FAILED");
      this.#deps.logger.error("intake journal write failed", { agent: agent.id, error });
      await channel.close(new TransportError("TRANSPORT_CLOSED", "Intake failed"));
    }
  }

  /** Sends an active-response command to a connected agent; false when it is not connected. */
  async sendAr(agentId: string, message: ArMessage): Promise<boolean> {
    const s = this.#sessions.get(agentId);
    if (!s) return false;
    try {
      await s.channel.send(message);
      return true;
    } catch {
      // The channel closed under us: the caller queues the command for the reconnect.
      return false;
    }
  }

  connectedAgents(): string[] {
    return [...this.#sessions.keys()];
  }

  /** Closes the agent's live channel at once (after registry.revoke). */
  async disconnect(agentId: string, reason: Error): Promise<void> {
    await this.#sessions.get(agentId)?.channel.close(reason);
  }

  #tick(): void {
    try {
      this.#deps.registry.keepalives(this.#keepalives);
    } catch (error: unknown) {
      this.#deps.logger.warn("cannot record keepalives", { error });
    }
    this.#keepalives.clear();
    const limit = this.#deps.now() - this.#deps.disconnectAfterMs;
    for (const s of this.#sessions.values()) {
      if (s.lastHeard < limit && s.agentId !== "000") {
        void s.channel.close(new TransportError("TRANSPORT_IDLE_TIMEOUT", "The agent fell silent"));
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all([...this.#sessions.values()].map((s) => s.channel.close()));
    this.#deps.registry.keepalives(this.#keepalives);
  }
}
