/**
 * PUT /logtest sessions, Wazuh's way: a request without a token opens a session (its engine
 * keeps state, so frequency rules work across requests) and the answer carries its token;
 * sessions idle for 15 minutes are closed, and at most MAX_SESSIONS live at once (the least
 * recently used is closed first).
 * Must not: load rulesets itself (the factory does).
 */
import { randomBytes } from "node:crypto";
import type { LogtestSession } from "../ruleset/mod.ts";

const MAX_SESSIONS = 64;
const IDLE_MS = 15 * 60_000;

interface Entry {
  readonly session: LogtestSession;
  used: number;
}

export class LogtestSessions {
  readonly #sessions = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The session of `token`, or a new one; `created` tells which. */
  get(token: string | undefined, create: () => LogtestSession): { token: string; session: LogtestSession; created: boolean } {
    const now = this.#now();
    for (const [t, e] of this.#sessions) if (now - e.used > IDLE_MS) this.#sessions.delete(t);
    const found = token === undefined ? undefined : this.#sessions.get(token);
    if (found && token !== undefined) {
      found.used = now;
      this.#sessions.delete(token);
      this.#sessions.set(token, found);
      return { token, session: found.session, created: false };
    }
    if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value as string);
    const fresh = randomBytes(4).toString("hex");
    const session = create();
    this.#sessions.set(fresh, { session, used: now });
    return { token: fresh, session, created: true };
  }

  close(token: string): boolean {
    return this.#sessions.delete(token);
  }
}
