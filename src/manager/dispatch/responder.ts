/**
 * The responder: alert → binding → hostile-input gate → whitelist → routing →
 * self-protection → per-agent command queue → delivery (DESIGN §4). Every decision is
 * recorded (response_history.ts) and passed to onDecision (the manager turns dry-run ones
 * into alerts); every execution result an agent reports is recorded and keeps the active
 * list. A response for an offline agent waits in its queue until the agent reconnects,
 * unless it would already have expired: then it is dropped and recorded.
 * Must not: read the wall clock, run anything itself, or throw on a bad alert.
 */
import { randomUUID } from "node:crypto";
import { silentLogger, type Alert, type Clock, type Logger, type TimerHandle } from "../../core/mod.ts";
import {
  buildLiftMessage, buildMessage, buildWhitelist, LIFT_COMMAND, createBinder, createSelfGuard, screenAlert, serializeMessage, targetVerdict,
  MAX_MESSAGE_BYTES, type BreakerState, type CircuitBreaker, type ExecutionResult, type ResponseDefinition, type WhitelistEntry,
} from "../../response/mod.ts";
import { transaction, type DatabaseSync } from "../../store/mod.ts";
import type { AgentDirectory } from "./agent_directory.ts";
import { createSqliteCommandQueue, type CommandQueue, type QueuedCommand } from "./command_queue.ts";
import { ResponseHistory, type ActiveRecord, type DecisionRecord, type StoredDecision } from "./response_history.ts";
import { routeTargets } from "./routing.ts";
import { Delivery, type Deliver } from "./delivery.ts";
import { manualRequestPlan, type ManualRequest } from "./manual_request.ts";
import type { TargetJob } from "./target_job.ts";

export interface ResponderConfig {
  /** Resolved `<active-response>` blocks (response/mod.ts definitionsFromConfig or resolveResponses). */
  readonly definitions: readonly ResponseDefinition[];
  readonly whitelist?: readonly (string | WhitelistEntry)[];
  /** The manager's own addresses: never blocked by an IP response. */
  readonly managerAddresses?: readonly string[];
  /** Admin networks never blocked by an IP response. */
  readonly protectedNetworks?: readonly string[];
  /** `<cluster><node_name>`; Wazuh writes "undefined" when absent. */
  readonly originName?: string | null;
  /** Queue lifetime of a stateless response for an offline agent. @default 900 (Wazuh agents_disconnection_time) */
  readonly queueMaxAgeSec?: number;
  /** How often expired queued commands are swept. @default 30_000 */
  readonly sweepIntervalMs?: number;
  /** Decisions and results older than this are pruned (hourly). @default 90 */
  readonly historyDays?: number;
  /** The response circuit breaker (response/mod.ts createCircuitBreaker); none = no limit. Keep the same instance across reconfigures to keep its state. */
  readonly breaker?: CircuitBreaker;
}

export type { Deliver } from "./delivery.ts";

export interface ResponderOptions {
  readonly config: ResponderConfig;
  readonly clock: Clock;
  /** The manager database (decisions, results, active list, and the default queue). */
  readonly store: DatabaseSync;
  readonly agents: AgentDirectory;
  readonly deliver: Deliver;
  readonly logger?: Logger;
  /** Replaces the SQLite queue (cluster). */
  readonly queue?: CommandQueue;
  /**
   * Every decision as recorded, with the message it concerns when one was built (dry-run,
   * queued). MUST NOT throw.
   */
  readonly onDecision?: (decision: StoredDecision, message?: string) => void;
}

export interface Responder {
  /** The circuit breaker's state, undefined when there is none. */
  breakerState(): BreakerState | undefined;
  /** Closes the breaker (one scope, or all); returns the scopes that were open. */
  resetBreaker(scope?: string): string[];
  /** Replaces definitions, whitelist and guards (configuration reload); queues are kept. */
  reconfigure(config: ResponderConfig): void;
  /** Decides and queues the responses of one alert; returns the decisions. Never throws. */
  onAlert(alert: Alert): StoredDecision[];
  /** A response asked by an operator or the API (`riposte control -b`, `PUT /active-response`). */
  run(request: ManualRequest): StoredDecision[];
  /** Queues a lift of `key` on `agentId` (the agent's execd runs the delete now). */
  lift(agentId: string, key: string): StoredDecision;
  /** Records an execution result reported by `agentId`. */
  onResult(agentId: string, result: ExecutionResult): void;
  /** Delivers what waits for `agentId` (call when it (re)connects). */
  onAgentConnected(agentId: string): Promise<void>;
  pending(agentId: string): QueuedCommand[];
  active(agentId?: string): ActiveRecord[];
  decisions(options?: { readonly agentId?: string; readonly limit?: number }): StoredDecision[];
  results(agentId: string, limit?: number): ExecutionResult[];
  /** Drops and records queued commands past their expiry now. */
  sweep(): QueuedCommand[];
  /** Tries again every online agent that has commands waiting (a missed reconnection). */
  retry(): void;
  start(): void;
  stop(): Promise<void>;
  /** Resolves when no delivery is in flight. */
  idle(): Promise<void>;
}

export function createResponder(o: ResponderOptions): Responder {
  const logger = (o.logger ?? silentLogger).child("dispatch");
  const history = new ResponseHistory(o.store);
  const queue = o.queue ?? createSqliteCommandQueue(o.store);
  let cfg = compile(o.config, logger);
  let sweepTimer: TimerHandle | undefined;
  const delivery = new Delivery({ queue, history, agents: o.agents, deliver: o.deliver, clock: o.clock, logger });
  const kick = (agentId: string) => delivery.kick(agentId);

  const record = (d: DecisionRecord, message?: string): StoredDecision => {
    const stored = { ...d, id: history.decide(d) };
    try {
      o.onDecision?.(stored, message);
    } catch (error: unknown) {
      logger.error("onDecision threw", { error });
    }
    return stored;
  };

  const deps = (): DecideDeps => ({ o, cfg, record, queue, kick });

  return {
    reconfigure(config) {
      cfg = compile(config, logger);
    },
    onAlert(alert) {
      try {
        // One transaction per alert: its decisions and queued commands commit together (an
        // `all` response to 1,000 agents is one commit, not 2,000).
        return transaction(o.store, () => decideAlert(deps(), alert, logger));
      } catch (error: unknown) {
        logger.error("Deciding the responses of an alert failed", { error, alert: alert.id });
        return [];
      }
    },
    run(request) {
      const plan = manualRequestPlan(request, cfg.config.definitions, o.agents, cfg.originName);
      if (!plan.ok) return [record({ at: o.clock.now(), decision: "refused", name: request.name.slice(0, 256), dryRun: false, origin: plan.origin, code: plan.code, reason: plan.reason })];
      return transaction(o.store, () => plan.targets.flatMap((agentId) => decideTarget(deps(), { ...plan.job, agentId })));
    },
    lift(agentId, key) {
      const active = history.active(o.clock.now(), agentId).find((a) => a.key === key);
      const job: TargetJob = {
        agentId, name: LIFT_COMMAND, executable: "lift", timeoutSec: 0, dryRun: false, ips: [],
        message: JSON.stringify(buildLiftMessage(key, cfg.originName)),
        base: { name: LIFT_COMMAND, dryRun: false, origin: "manual", reason: `lift ${key}`, ...(active?.target ? { srcip: active.target } : {}) },
      };
      return decideTarget(deps(), job)[0] as StoredDecision;
    },
    onResult(agentId, result) {
      history.result(agentId, result);
    },
    onAgentConnected: kick,
    breakerState: () => cfg.config.breaker?.state(o.clock.now()),
    resetBreaker: (scope) => cfg.config.breaker?.reset(o.clock.now(), scope) ?? [],
    pending: (agentId) => queue.pending(agentId),
    active: (agentId) => history.active(o.clock.now(), agentId),
    decisions: (options) => history.decisions(options),
    results: (agentId, limit) => history.results(agentId, limit),
    sweep: () => delivery.sweep(),
    retry: () => delivery.retry(),
    start() {
      const interval = cfg.config.sweepIntervalMs ?? 30_000;
      let prunedAt = 0;
      const arm = () => {
        sweepTimer = o.clock.setTimeout(() => {
          delivery.sweep();
          const now = o.clock.now();
          if (now - prunedAt >= 3_600_000) {
            prunedAt = now;
            history.prune(now - (cfg.config.historyDays ?? 90) * 86_400_000);
          }
          arm();
        }, interval);
      };
      arm();
      for (const agentId of queue.agents()) void kick(agentId);
    },
    async stop() {
      sweepTimer?.cancel();
      await delivery.idle();
    },
    idle: () => delivery.idle(),
  };
}

/** The configuration in its working form; replaced as a whole on reconfigure. */
interface Compiled {
  readonly config: ResponderConfig;
  readonly bind: (rule: Alert["rule"]) => readonly ResponseDefinition[];
  readonly whitelisted: (ip: string) => boolean;
  readonly guard: ReturnType<typeof createSelfGuard>;
  readonly originName: string | null;
}

function compile(config: ResponderConfig, logger: Logger): Compiled {
  const { whitelist, diagnostics } = buildWhitelist(config.whitelist ?? []);
  for (const d of diagnostics) logger.warn(d.message, { code: d.code });
  return {
    config,
    bind: createBinder(config.definitions),
    whitelisted: (ip) => whitelist.has(ip),
    guard: createSelfGuard({ managerAddresses: config.managerAddresses ?? [], protectedNetworks: config.protectedNetworks ?? [] }),
    originName: config.originName === undefined ? "undefined" : config.originName,
  };
}

interface DecideDeps {
  readonly o: ResponderOptions;
  readonly cfg: Compiled;
  readonly record: (d: DecisionRecord, message?: string) => StoredDecision;
  readonly queue: CommandQueue;
  readonly kick: (agentId: string) => Promise<void>;
}

function decideTarget(deps: DecideDeps, job: TargetJob): StoredDecision[] {
  const { o } = deps;
  const now = o.clock.now();
  const base = { ...job.base, at: now, agentId: job.agentId };
  const agent = o.agents.get(job.agentId);
  const facts = { name: job.name, executable: job.executable, ips: job.ips, dryRun: job.dryRun, origin: job.base.origin, ...(job.force ? { force: true } : {}) };
  const verdict = targetVerdict(facts, agent?.addresses ?? [], { guard: deps.cfg.guard, ...(deps.cfg.config.breaker ? { breaker: deps.cfg.config.breaker } : {}) }, now);
  if (verdict.kind === "self_protected") return [deps.record({ ...base, decision: "self_protected", code: verdict.code, reason: verdict.reason }, job.message)];
  if (verdict.kind !== "run") return [deps.record({ ...base, decision: "dry_run", code: verdict.code, reason: verdict.reason }, job.message)];
  const commandId = randomUUID();
  const lifetimeSec = job.timeoutSec > 0 ? job.timeoutSec : (deps.cfg.config.queueMaxAgeSec ?? 900);
  const forced = verdict.forced ? { code: "AR_GUARD_FORCED", reason: verdict.forced } : {};
  const decision = deps.record({ ...base, decision: "queued", commandId, ...forced }, job.message);
  deps.queue.enqueue({ id: commandId, agentId: job.agentId, name: job.name, message: job.message, createdAt: now, expiresAt: now + lifetimeSec * 1000, decisionId: decision.id });
  void deps.kick(job.agentId);
  return [decision];
}

/** The message for `def`, without the log text when the alert is too large (Wazuh truncates into invalid JSON). */
function messageFor(def: ResponseDefinition, alert: Record<string, unknown>, originName: string | null): string | undefined {
  const build = (a: Record<string, unknown>) => serializeMessage(buildMessage({ originName, module: "wazuh-analysisd", name: def.name, extraArgs: def.extraArgs, alert: a }));
  let text = build(alert);
  if (Buffer.byteLength(text) <= MAX_MESSAGE_BYTES) return text;
  const { full_log: _f, previous_output: _p, ...slim } = alert;
  text = build(slim);
  return Buffer.byteLength(text) <= MAX_MESSAGE_BYTES ? text : undefined;
}

function decideAlert(deps: DecideDeps, alert: Alert, logger: Logger): StoredDecision[] {
  const defs = deps.cfg.bind(alert.rule);
  if (defs.length === 0) return [];
  const at = deps.o.clock.now();
  const common = { ruleId: alert.rule.id, alertId: alert.id, origin: "rule" as const };
  const all = (decision: DecisionRecord["decision"], code: string, reason: string, srcip?: string) =>
    defs.map((d) => deps.record({ ...common, at, decision, name: d.name, dryRun: d.dryRun, code, reason, ...(srcip ? { srcip } : {}) }));
  const screened = screenAlert(alert as unknown as Record<string, unknown>, deps.cfg.whitelisted);
  if (screened.ok && screened.strippedUser) logger.warn("Removed a hostile dstuser from the responses of an alert", { code: "AR_INVALID_USER", rule: alert.rule.id, alert: alert.id });
  if (!screened.ok) {
    if (screened.decision === "invalid") logger.warn("Refused the responses of an alert", { code: screened.code, reason: screened.reason, rule: alert.rule.id, alert: alert.id });
    return all(screened.decision, screened.code, screened.reason, screened.srcip);
  }
  const { payload, ips, srcip } = screened;
  const out: StoredDecision[] = [];
  for (const def of defs) {
    const base = { ...common, name: def.name, dryRun: def.dryRun, ...(srcip ? { srcip } : {}) };
    const message = messageFor(def, payload, deps.cfg.originName);
    if (!message) {
      out.push(deps.record({ ...base, at, decision: "invalid", code: "AR_MESSAGE_TOO_LARGE", reason: "the message exceeds 65536 bytes" }));
      continue;
    }
    const route = routeTargets(def, alert.agent.id, deps.o.agents);
    for (const id of route.unknown) out.push(deps.record({ ...base, at, agentId: id, decision: "unknown_agent", code: "DISPATCH_UNKNOWN_AGENT", reason: `agent ${id} is not registered` }));
    if (route.targets.length === 0 && route.unknown.length === 0) out.push(deps.record({ ...base, at, decision: "no_target", code: "DISPATCH_NO_TARGET", reason: `no agent for location ${def.location}` }));
    for (const agentId of route.targets) {
      out.push(...decideTarget(deps, { agentId, name: def.name, executable: def.executable, timeoutSec: def.timeoutSec, dryRun: def.dryRun, message, ips, base }));
    }
  }
  return out;
}
