/**
 * The manager side of active response, ready to wire into createManager: definitions from
 * the validated Config, ar.conf generated into HOME/etc/shared/ar.conf (read by the local
 * agent 000) and pushed to each agent when it connects (`!:arconf`), the responder over the
 * registry and the agent server's sendAr, agents' ar_result messages recorded, and the
 * control commands (ar.names, ar.run, ar.active, ar.lift) registered, dry-run decisions
 * written to HOME/logs/active-responses.log.
 * Must not: open listeners or the registry (the daemon owns them and passes them in).
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { dirname, join } from "node:path";
import type { Alert, Clock, Logger, TimerHandle } from "../../core/mod.ts";
import type { Config } from "../../config/mod.ts";
import {
  breakerOptionsOf, buildArConfMessage, createCircuitBreaker, definitionsFromConfig, generateArConf, parseArConf, protectedNetworksOf,
  type CircuitBreaker, type FromConfigOptions,
} from "../../response/mod.ts";
import type { DatabaseSync } from "../../store/mod.ts";
import { registerArCommands, type ControlRegistryLike } from "./control_commands.ts";
import { createResponder, type Responder, type ResponderConfig } from "./responder.ts";
import type { StoredDecision } from "./response_history.ts";
import { openDryRunLog } from "./dry_run_log.ts";
import { agentDirectoryFrom, resultFromWire, wireDeliver, type AgentRecordLike, type WireArCommand } from "./wire.ts";

export interface ManagerActiveResponseOptions {
  readonly config: Pick<Config, "commands" | "activeResponses" | "global" | "cluster">;
  readonly home: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The manager database (queues, decisions, results, active list). */
  readonly db: DatabaseSync;
  /** The agent registry (manager/agents AgentRegistry is assignable). */
  readonly registry: { get(id: string): AgentRecordLike | undefined; list(): readonly AgentRecordLike[] };
  /** The agent server's sendAr: true once written to the agent's live channel. */
  readonly sendAr: (agentId: string, message: WireArCommand) => Promise<boolean>;
  readonly control?: ControlRegistryLike;
  /** @default every address of this host's interfaces */
  readonly managerAddresses?: readonly string[];
  readonly protectedNetworks?: readonly string[];
  readonly from?: FromConfigOptions;
  /**
   * How often the registry is polled for agents that came online (ar.conf push and queue
   * flush) and queued commands retried; 0 when the daemon calls onAgentConnected itself.
   * @default 2000
   */
  readonly connectPollMs?: number;
  /** Every decision as recorded. MUST NOT throw. */
  readonly onDecision?: (decision: StoredDecision, message?: string) => void;
  /** Write dry-run decisions to HOME/logs/active-responses.log (collected, so they alert). @default true */
  readonly dryRunLog?: boolean;
}

export interface ManagerActiveResponse {
  readonly responder: Responder;
  /** The generated ar.conf text. */
  readonly arConf: string;
  onAlert(alert: Alert): void;
  onArResult(agentId: string, message: { readonly id: string; readonly outcome: string; readonly detail?: string }): void;
  /** Pushes ar.conf, then delivers what waits for the agent. */
  onAgentConnected(agentId: string): Promise<void>;
  /** Applies a reloaded configuration: bindings, whitelist, ar.conf (rewritten and pushed to online agents). */
  reload(config: ManagerActiveResponseOptions["config"]): Promise<void>;
  /** Writes ar.conf, registers the control commands, starts the expiry sweep and flushes queues. */
  start(): void;
  stop(): Promise<void>;
}

/** Ids of ar.conf pushes: their answers are acknowledgements, not execution results. */
const ARCONF_ID = "arconf.";

function hostAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

type ArConfig = ManagerActiveResponseOptions["config"];

/** What one configuration means for active response: definitions, ar.conf, the responder's settings. */
function derive(o: ManagerActiveResponseOptions, config: ArConfig, managerAddresses: readonly string[], breaker: CircuitBreaker) {
  const definitions = definitionsFromConfig(config, o.from);
  const arConf = generateArConf(definitions);
  const originName = config.cluster.nodeName || "undefined";
  const responderConfig: ResponderConfig = {
    definitions, whitelist: config.global.whiteList, originName, managerAddresses, breaker,
    protectedNetworks: [...(o.protectedNetworks ?? []), ...protectedNetworksOf(config)],
    queueMaxAgeSec: config.global.agentsDisconnectionTimeSeconds,
  };
  return { definitions, arConf, allowlist: parseArConf(arConf).allowlist, originName, responderConfig };
}

function writeArConf(home: string, text: string): void {
  const path = join(home, "etc", "shared", "ar.conf");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text, { mode: 0o640 });
  renameSync(`${path}.tmp`, path);
}

export function createManagerActiveResponse(o: ManagerActiveResponseOptions): ManagerActiveResponse {
  const logger = o.logger.child("ar");
  const managerAddresses = o.managerAddresses ?? hostAddresses();
  // One breaker for the daemon's life: a reload changes its limits, not its state.
  const breaker = createCircuitBreaker({
    ...breakerOptionsOf(o.config),
    onChange: (change) => {
      logger.warn(`Response circuit breaker ${change.state}`, { code: "AR_BREAKER_OPEN", scope: change.scope, limit: change.limit, window: change.windowSec, cause: change.cause, suppressed: change.suppressed });
      dryRuns?.onBreaker(change, current.originName);
    },
  });
  let current = derive(o, o.config, managerAddresses, breaker);
  const dryRuns = o.dryRunLog === false ? undefined
    : openDryRunLog(join(o.home, "logs", "active-responses.log"), (name) => current.definitions.find((d) => d.name === name)?.executable, o.clock, logger);
  const responder = createResponder({
    config: current.responderConfig,
    clock: o.clock, store: o.db, logger: o.logger, agents: agentDirectoryFrom(o.registry), deliver: wireDeliver(o.sendAr),
    onDecision: (decision, message) => {
      if (decision.decision === "self_protected") logger.warn("Self-lockout guard: a response was not run", { code: decision.code, name: decision.name, agent: decision.agentId, reason: decision.reason });
      dryRuns?.onDecision(decision, message);
      o.onDecision?.(decision, message);
    },
  });
  let seq = 0;
  let poll: TimerHandle | undefined;
  let online = new Set<string>();
  const pushArConf = async (agentId: string): Promise<void> => {
    const push: WireArCommand = { t: "ar", id: `${ARCONF_ID}${o.clock.now()}.${seq++}`, payload: buildArConfMessage(current.arConf, current.originName), expiresAt: 0 };
    const sent = await o.sendAr(agentId, push).catch(() => false);
    if (!sent) logger.warn("Cannot push ar.conf to an agent", { agent: agentId });
  };
  const onAgentConnected = async (agentId: string): Promise<void> => {
    await pushArConf(agentId);
    await responder.onAgentConnected(agentId);
  };
  const watch = (everyMs: number) => {
    poll = o.clock.setTimeout(() => {
      const now = new Set(o.registry.list().filter((a) => a.status === "active").map((a) => a.id));
      for (const id of now) if (!online.has(id)) void onAgentConnected(id);
      online = now;
      responder.retry();
      watch(everyMs);
    }, everyMs);
  };
  return {
    responder,
    get arConf() {
      return current.arConf;
    },
    onAlert: (alert) => void responder.onAlert(alert),
    onArResult(agentId, message) {
      if (message.id.startsWith(ARCONF_ID)) {
        if (message.outcome !== "done") logger.warn("An agent did not store the pushed ar.conf", { agent: agentId, outcome: message.outcome });
        return;
      }
      const result = resultFromWire(message, o.clock.now());
      if (result) responder.onResult(agentId, result);
    },
    onAgentConnected,
    async reload(config) {
      breaker.setLimits(breakerOptionsOf(config));
      current = derive(o, config, managerAddresses, breaker);
      responder.reconfigure(current.responderConfig);
      writeArConf(o.home, current.arConf);
      await Promise.all(o.registry.list().filter((a) => a.status === "active").map((a) => pushArConf(a.id)));
      logger.info("Active response reconfigured", { responses: current.definitions.length });
    },
    start() {
      writeArConf(o.home, current.arConf);
      if (o.control) registerArCommands(o.control, { responder, allowlist: () => current.allowlist, clock: o.clock });
      responder.start();
      const every = o.connectPollMs ?? 2000;
      if (every > 0) watch(every);
    },
    async stop() {
      poll?.cancel();
      await responder.stop();
      await dryRuns?.close();
    },
  };
}
