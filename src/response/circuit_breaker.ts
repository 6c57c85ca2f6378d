/**
 * The response circuit breaker: at most N new responses per sliding window, per response
 * block and globally. The response that would exceed a limit opens that scope ("trips");
 * while a scope is open every new response it covers becomes dry-run. A scope closes by
 * itself after a quiet period (no response attempted in it for `quietSec`) or by hand
 * (reset). Shared by the live responder and `riposte replay`, so both trip at the same
 * response and the same event time.
 * Must not: read the clock (times are passed in), log, or throw.
 */

/** The scope name of the global limit (a response block's scope is its name). */
export const GLOBAL_SCOPE = "*";

export interface CircuitBreakerOptions {
  /** Sliding window length. @default 60 */
  readonly windowSec?: number;
  /** A scope closes after this long without an attempt. @default 300 */
  readonly quietSec?: number;
  /** New responses per window, all blocks together; 0 = no global limit. @default 0 */
  readonly globalMax?: number;
  /** Response name (`firewall-drop600`) → its own limit per window (0 = none). */
  readonly perBlock?: Readonly<Record<string, number>>;
  /**
   * Called on every transition (open when tripped, closed after the quiet period or a reset).
   * MUST NOT throw (a throw is swallowed).
   */
  readonly onChange?: (change: BreakerChange) => void;
}

export interface BreakerChange {
  readonly scope: string;
  readonly state: "open" | "closed";
  readonly at: number;
  readonly limit: number;
  readonly windowSec: number;
  /** Closing only: why (quiet period or reset), and how many responses were suppressed. */
  readonly cause?: "tripped" | "quiet" | "reset";
  readonly suppressed: number;
}

export type BreakerVerdict =
  | { readonly open: false }
  | { readonly open: true; readonly scope: string; readonly tripped: boolean; readonly limit: number; readonly windowSec: number };

export interface BreakerScopeState {
  readonly scope: string;
  readonly limit: number;
  readonly open: boolean;
  /** Responses admitted in the current window. */
  readonly inWindow: number;
  readonly openedAt?: number;
  /** Responses turned to dry-run since the scope opened. */
  readonly suppressed: number;
  /** When the scope closes if nothing more is attempted (open scopes). */
  readonly closesAt?: number;
}

export interface BreakerState {
  readonly windowSec: number;
  readonly quietSec: number;
  readonly open: boolean;
  readonly scopes: readonly BreakerScopeState[];
}

export interface CircuitBreaker {
  /** Counts one new response of block `name` at `now`; open means: make it a dry-run. */
  admit(name: string, now: number): BreakerVerdict;
  /** Every limited scope (closing those whose quiet period has passed). */
  state(now: number): BreakerState;
  /** Closes `scope` (or every scope) now; returns the scopes that were open. */
  reset(now: number, scope?: string): string[];
  /**
   * New limits (a configuration reload): a scope whose limit changed keeps its window and
   * open state; a scope no longer limited is dropped; window and quiet period change too.
   */
  setLimits(limits: Pick<CircuitBreakerOptions, "windowSec" | "quietSec" | "globalMax" | "perBlock">): void;
}

class Scope {
  readonly name: string;
  limit: number;
  /** Admission times in the window, oldest first, from `head`. */
  times: number[] = [];
  head = 0;
  openedAt: number | undefined;
  lastAttempt = 0;
  suppressed = 0;

  constructor(name: string, limit: number) {
    this.name = name;
    this.limit = limit;
  }

  inWindow(now: number, windowMs: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }
}

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  let windowSec = 60;
  let quietSec = 300;
  let windowMs = 60_000;
  const scopes = new Map<string, Scope>();
  const setLimits = (l: Pick<CircuitBreakerOptions, "windowSec" | "quietSec" | "globalMax" | "perBlock">) => {
    windowSec = Math.max(1, l.windowSec ?? 60);
    quietSec = Math.max(0, l.quietSec ?? 300);
    windowMs = windowSec * 1000;
    const wanted = new Map<string, number>(Object.entries(l.perBlock ?? {}));
    wanted.set(GLOBAL_SCOPE, l.globalMax ?? 0);
    for (const [name, max] of wanted) {
      const s = scopes.get(name);
      if (max <= 0) scopes.delete(name);
      else if (s) s.limit = max;
      else scopes.set(name, new Scope(name, max));
    }
    for (const name of scopes.keys()) if (!wanted.has(name)) scopes.delete(name);
  };
  setLimits(options);

  const emit = (s: Scope, state: "open" | "closed", at: number, cause: BreakerChange["cause"]) => {
    try {
      options.onChange?.({ scope: s.name, state, at, limit: s.limit, windowSec, cause, suppressed: s.suppressed });
    } catch {
      // contract: listeners do not throw; a faulty one must not break deciding
    }
  };
  const close = (s: Scope, at: number, cause: "quiet" | "reset") => {
    emit(s, "closed", at, cause);
    s.openedAt = undefined;
    s.suppressed = 0;
    s.times = [];
    s.head = 0;
  };
  const settle = (s: Scope, now: number) => {
    if (s.openedAt !== undefined && now - s.lastAttempt >= quietSec * 1000) close(s, s.lastAttempt + quietSec * 1000, "quiet");
  };
  const covering = (name: string): Scope[] => {
    const out: Scope[] = [];
    const own = name === GLOBAL_SCOPE ? undefined : scopes.get(name);
    if (own) out.push(own);
    const global = scopes.get(GLOBAL_SCOPE);
    if (global) out.push(global);
    return out;
  };

  return Object.freeze({
    admit(name: string, now: number): BreakerVerdict {
      const mine = covering(name);
      for (const s of mine) settle(s, now);
      const open = mine.filter((s) => s.openedAt !== undefined);
      for (const s of mine) s.lastAttempt = now;
      if (open.length > 0) {
        for (const s of open) s.suppressed++;
        const first = open[0] as Scope;
        return { open: true, scope: first.name, tripped: false, limit: first.limit, windowSec };
      }
      const full = mine.find((s) => s.inWindow(now, windowMs) >= s.limit);
      if (full) {
        full.openedAt = now;
        full.suppressed = 1;
        emit(full, "open", now, "tripped");
        return { open: true, scope: full.name, tripped: true, limit: full.limit, windowSec };
      }
      for (const s of mine) s.times.push(now);
      return { open: false };
    },
    state(now: number): BreakerState {
      const list: BreakerScopeState[] = [];
      for (const s of scopes.values()) {
        settle(s, now);
        const open = s.openedAt !== undefined;
        list.push({
          scope: s.name, limit: s.limit, open, inWindow: s.inWindow(now, windowMs), suppressed: s.suppressed,
          ...(open ? { openedAt: s.openedAt, closesAt: s.lastAttempt + quietSec * 1000 } : {}),
        });
      }
      return { windowSec, quietSec, open: list.some((s) => s.open), scopes: list };
    },
    reset(now: number, scope?: string): string[] {
      const closed: string[] = [];
      for (const s of scopes.values()) {
        if (scope !== undefined && s.name !== scope) continue;
        if (s.openedAt !== undefined) {
          closed.push(s.name);
          close(s, now, "reset");
        }
      }
      return closed;
    },
    setLimits,
  });
}
