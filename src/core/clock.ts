/**
 * Injected time. Ruleset, execd and dispatch MUST take a Clock and never read the wall clock
 * or call a bare setTimeout, so correlation windows and response timeouts are testable
 * without sleeping. `systemClock` is the real one; `ManualClock` is driven by tests.
 * Must not: import anything else of ours.
 */

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` once after `delayMs`; the handle cancels it. MUST NOT keep the process alive. */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
}

export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const t = globalThis.setTimeout(fn, Math.max(0, delayMs));
    t.unref();
    return { cancel: () => globalThis.clearTimeout(t) };
  },
});

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that only moves when told to; timers fire in time order during `advance`. */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #pending: Pending[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const p: Pending = { at: this.#now + Math.max(0, delayMs), seq: this.#seq++, fn, cancelled: false };
    this.#pending.push(p);
    return { cancel: () => void (p.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing due timers in order (timers may schedule timers). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#nextDue(target);
      if (!next) break;
      this.#now = next.at;
      next.fn();
    }
    this.#now = target;
  }

  /** Sets the time (never backwards), firing what falls due. */
  set(ms: number): void {
    if (ms > this.#now) this.advance(ms - this.#now);
  }

  get pendingCount(): number {
    return this.#pending.filter((p) => !p.cancelled).length;
  }

  #nextDue(limit: number): Pending | undefined {
    this.#pending = this.#pending.filter((p) => !p.cancelled);
    let best: Pending | undefined;
    for (const p of this.#pending) {
      if (p.at <= limit && (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq))) best = p;
    }
    if (best) {
      best.cancelled = true;
    }
    return best;
  }
}
