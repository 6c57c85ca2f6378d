/**
 * Delivery of the per-agent queues: one chain per agent so its commands go out in order,
 * one at a time; a command leaves its queue only when the agent acknowledged it; an agent
 * that is not online is not tried; commands past their expiry are swept, recorded and
 * dropped. Retries happen on reconnection (or retry()), never in a loop.
 * Must not: decide anything about responses (responder.ts does).
 */
import type { Clock, Logger } from "../../core/mod.ts";
import type { AgentDirectory } from "./agent_directory.ts";
import type { CommandQueue, QueuedCommand } from "./command_queue.ts";
import type { ResponseHistory } from "./response_history.ts";
import { MANAGER_AGENT_ID } from "./routing.ts";

/**
 * Hands a command to an agent. MUST resolve true only when the agent acknowledged it,
 * false when it could not (offline, send failed); MUST NOT reject (a rejection counts as
 * false). The responder retries on the agent's next reconnection, never in a loop.
 */
export type Deliver = (agentId: string, command: QueuedCommand) => Promise<boolean>;

export class Delivery {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #queue: CommandQueue;
  readonly #history: ResponseHistory;
  readonly #agents: AgentDirectory;
  readonly #deliver: Deliver;
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor(o: { queue: CommandQueue; history: ResponseHistory; agents: AgentDirectory; deliver: Deliver; clock: Clock; logger: Logger }) {
    this.#queue = o.queue;
    this.#history = o.history;
    this.#agents = o.agents;
    this.#deliver = o.deliver;
    this.#clock = o.clock;
    this.#logger = o.logger;
  }

  /** The manager's own agent counts as online when the directory does not list it. */
  online(agentId: string): boolean {
    const a = this.#agents.get(agentId);
    return a ? a.status === "active" : agentId === MANAGER_AGENT_ID;
  }

  /** Drops and records commands past their expiry. */
  sweep(): QueuedCommand[] {
    const expired = this.#queue.expire(this.#clock.now());
    for (const c of expired) {
      this.#history.settle(c.id, "expired", "DISPATCH_EXPIRED", "the agent did not reconnect before the response would have expired");
      this.#logger.info("Dropped a queued response: it expired before the agent reconnected", { code: "DISPATCH_EXPIRED", agent: c.agentId, name: c.name });
    }
    return expired;
  }

  /** Delivers what waits for `agentId`, after whatever is already being delivered to it. */
  kick(agentId: string): Promise<void> {
    const next = (this.#chains.get(agentId) ?? Promise.resolve()).then(() => this.#flush(agentId));
    const tail = next.catch((error: unknown) => this.#logger.error("Flushing a queue failed", { agent: agentId, error }));
    this.#chains.set(agentId, tail);
    void tail.then(() => {
      if (this.#chains.get(agentId) === tail) this.#chains.delete(agentId);
    });
    return tail;
  }

  /** Kicks every online agent that has commands waiting. */
  retry(): void {
    for (const agentId of this.#queue.agents()) if (this.online(agentId)) void this.kick(agentId);
  }

  async idle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.allSettled([...this.#chains.values()]);
  }

  async #flush(agentId: string): Promise<void> {
    this.sweep();
    for (const c of this.#queue.pending(agentId)) {
      if (!this.online(agentId)) return;
      let ok = false;
      try {
        ok = await this.#deliver(agentId, c);
      } catch (error: unknown) {
        this.#logger.warn("Delivery failed; the response stays queued", { agent: agentId, name: c.name, error });
      }
      if (!ok) return;
      this.#queue.remove(c.id);
      this.#history.settle(c.id, "delivered");
    }
  }
}
