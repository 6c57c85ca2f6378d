/**
 * The replay simulation: log lines → the engine on event time → the live responder's own
 * decision code (binder, screenAlert: hostile-input gate and white_list, targetVerdict:
 * self-lockout guard, dry-run blocks and circuit breaker) → the execd model (dedup,
 * repeated offenders, timeouts). Nothing is run. Time is the events' own: a clock set to the
 * latest event time seen (never backwards), so correlation windows, breaker windows and
 * block timeouts pass as they did.
 * Replay simulates one target host (the one whose logs are replayed, agent `agentId`):
 * every response, whatever its location, is decided for that host.
 * Must not: act, read the wall clock, or throw on a bad line.
 */
import { ManualClock, type Alert, type RawEvent } from "../core/mod.ts";
import {
  buildWhitelist, createBinder, createCircuitBreaker, createSelfGuard, normalizeIp, screenAlert, targetVerdict,
  type BreakerChange, type CircuitBreaker, type CircuitBreakerOptions, type TargetSafety, type ResponseDefinition, type WhitelistEntry,
} from "../response/mod.ts";
import { createEngine, type Engine, type Ruleset } from "../ruleset/mod.ts";
import { ExecdModel, type BlockPeriod } from "./execd_model.ts";

export interface ReplayOptions {
  readonly ruleset: Ruleset;
  /** Resolved `<active-response>` blocks (response/mod.ts definitionsFromConfig). */
  readonly definitions: readonly ResponseDefinition[];
  readonly whitelist?: readonly (string | WhitelistEntry)[];
  readonly protectedNetworks?: readonly string[];
  /** Addresses of the manager and of the replayed host: the guard never blocks them. */
  readonly selfAddresses?: readonly string[];
  readonly breaker?: Omit<CircuitBreakerOptions, "onChange">;
  /** `<repeated_offenders>` minutes (empty or a leading 0 = off). */
  readonly offenderMinutes?: readonly number[];
  readonly managerName?: string;
  /** The replayed host's agent id and name. @default "000", managerName */
  readonly agentId?: string;
  readonly agentName?: string;
  /** Where a yearless timestamp is placed (a syslog line has no year): near this time. */
  readonly referenceMs: number;
}

export type SimKind = "run" | "dry_run" | "breaker" | "self_protected" | "whitelisted" | "invalid";

/** One decision of the simulation, for one response block. */
export interface SimDecision {
  readonly at: number;
  readonly name: string;
  readonly kind: SimKind;
  readonly ruleId: string;
  readonly ip?: string;
  readonly reason?: string;
  /** For "run": what the execd would have done. */
  readonly block?: "new" | "renewed" | "stateless";
}

export interface RuleCount {
  readonly id: string;
  readonly level: number;
  readonly description: string;
  count: number;
}

/** Everything the simulation saw; replay_report.ts turns it into the report. */
export interface SimulationResult {
  readonly lines: number;
  readonly events: number;
  readonly alerts: number;
  readonly errors: number;
  readonly firstEventAt?: number;
  readonly lastEventAt?: number;
  readonly rules: readonly RuleCount[];
  readonly decisions: readonly SimDecision[];
  readonly periods: readonly BlockPeriod[];
  /** Addresses that logged in successfully (rule group authentication_success), with counts. */
  readonly authenticated: ReadonlyMap<string, number>;
  readonly breakerChanges: readonly BreakerChange[];
  readonly definitions: readonly ResponseDefinition[];
}

/**
 * A yearless stamp is placed in the year of the reference unless that puts it more than a
 * day ahead (then the year before). Referring to one day after the previous event keeps the
 * year across New Year (Dec 31 → Jan 1 lands in the next year) and lets lines be slightly
 * out of order.
 */
export const YEAR_HINT_MS = 86_400_000;

export class ReplaySimulator {
  readonly #o: ReplayOptions;
  readonly #clock: ManualClock;
  readonly #engine: Engine;
  readonly #bind: (rule: Alert["rule"]) => readonly ResponseDefinition[];
  readonly #whitelisted: (ip: string) => boolean;
  readonly #safety: TargetSafety & { readonly breaker: CircuitBreaker };
  readonly #model: ExecdModel;
  readonly #rules = new Map<string, RuleCount>();
  readonly #decisions: SimDecision[] = [];
  readonly #logins = new Map<string, number>();
  readonly #changes: BreakerChange[] = [];
  #lines = 0;
  #first: number | undefined;
  #last: number | undefined;

  constructor(o: ReplayOptions) {
    this.#o = o;
    this.#clock = new ManualClock(0); // set by the first event
    this.#engine = createEngine(o.ruleset, { clock: this.#clock, managerName: o.managerName ?? "replay", timeSource: "event" });
    // Within one loaded ruleset a rule id always carries the same level and groups: bind
    // once per id with the live binder.
    const binder = createBinder(o.definitions);
    const bound = new Map<string, readonly ResponseDefinition[]>();
    this.#bind = (rule) => {
      let defs = bound.get(rule.id);
      if (!defs) bound.set(rule.id, (defs = binder(rule)));
      return defs;
    };
    const { whitelist } = buildWhitelist(o.whitelist ?? []);
    this.#whitelisted = (ip) => whitelist.has(ip);
    const guard = createSelfGuard({ managerAddresses: o.selfAddresses ?? [], protectedNetworks: o.protectedNetworks ?? [] });
    const breaker = createCircuitBreaker({ ...o.breaker, onChange: (c) => this.#changes.push(c) });
    this.#safety = { guard, breaker };
    this.#model = new ExecdModel({ offenderMinutes: o.offenderMinutes ?? [] });
  }

  /** Analyses one line read from `location` and decides its responses. */
  feed(line: string, location: string): void {
    this.#lines++;
    const raw: RawEvent = {
      agentId: this.#o.agentId ?? "000", agentName: this.#o.agentName ?? this.#o.managerName ?? "replay",
      location, log: line, queue: "1", receivedAt: this.#last === undefined ? this.#o.referenceMs : this.#last + YEAR_HINT_MS,
    };
    const result = this.#engine.analyze(raw);
    const now = Math.max(this.#clock.now(), result.timeMs);
    if (now > this.#clock.now()) this.#clock.set(now);
    this.#first ??= now;
    this.#last = now;
    if (result.alert) this.#onAlert(result.alert, now);
  }

  #onAlert(alert: Alert, now: number): void {
    const rule = alert.rule;
    const count = this.#rules.get(rule.id);
    if (count) count.count++;
    else this.#rules.set(rule.id, { id: rule.id, level: rule.level, description: rule.description, count: 1 });
    if (rule.groups.includes("authentication_success")) this.#noteLogin(alert);
    const defs = this.#bind(rule);
    if (defs.length === 0) return;
    this.#model.expire(now);
    const screened = screenAlert(alert as unknown as Record<string, unknown>, this.#whitelisted);
    if (!screened.ok) {
      for (const d of defs) this.#decide({ at: now, name: d.name, kind: screened.decision, ruleId: rule.id, reason: screened.reason, ...(screened.srcip ? { ip: screened.srcip } : {}) });
      return;
    }
    const ip = screened.srcip ?? screened.ips[0];
    const at = ip ? { ip } : {};
    for (const def of defs) {
      const facts = { name: def.name, executable: def.executable, ips: screened.ips, dryRun: def.dryRun, origin: "rule" as const };
      const v = targetVerdict(facts, [], this.#safety, now);
      if (v.kind !== "run") {
        this.#decide({ at: now, name: def.name, kind: v.kind, ruleId: rule.id, reason: v.reason, ...at });
        continue;
      }
      const target = ip ?? dstuserOf(screened.payload) ?? "";
      const outcome = this.#model.add(def.name, def.executable, def.timeoutSec, target, now);
      this.#decide({ at: now, name: def.name, kind: "run", ruleId: rule.id, block: outcome.kind, ...at });
    }
  }

  #decide(d: SimDecision): void {
    this.#decisions.push(d);
  }

  /** Counted by the text as logged; normalised once at the end. */
  #noteLogin(alert: Alert): void {
    const src = alert.data?.srcip;
    if (typeof src === "string") this.#logins.set(src, (this.#logins.get(src) ?? 0) + 1);
  }

  #authenticated(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [text, n] of this.#logins) {
      const ip = normalizeIp(text);
      if (ip) out.set(ip, (out.get(ip) ?? 0) + n);
    }
    return out;
  }

  /** Ends the simulation at the last event time and returns what it saw. */
  finish(): SimulationResult {
    if (this.#last !== undefined) this.#safety.breaker.state(this.#last); // closes scopes quiet by then
    return {
      lines: this.#lines, events: this.#engine.stats.events, alerts: this.#engine.stats.alerts, errors: this.#engine.stats.errors,
      ...(this.#first !== undefined ? { firstEventAt: this.#first } : {}), ...(this.#last !== undefined ? { lastEventAt: this.#last } : {}),
      rules: [...this.#rules.values()], decisions: this.#decisions, periods: this.#model.periods(),
      authenticated: this.#authenticated(), breakerChanges: this.#changes, definitions: this.#o.definitions,
    };
  }
}

function dstuserOf(payload: Record<string, unknown>): string | undefined {
  const data = payload.data;
  const user = typeof data === "object" && data !== null ? (data as Record<string, unknown>).dstuser : undefined;
  return typeof user === "string" ? user : undefined;
}
