/**
 * createAgent: the composition root of `riposte agent` (DESIGN §4), and of the manager's
 * local agent 000. It wires, explicitly: log collection and FIM (<syscheck>) → the durable
 * spool → the manager client → the channel; AR commands from the channel → the plugged
 * handler (execd). Nothing happens at import or construction: `start()` does the I/O.
 * Must not: import the manager (the local agent receives its channel through `connect`).
 */
import { isAbsolute, join } from "node:path";
import type { Clock, Logger } from "../core/mod.ts";
import { silentLogger, systemClock } from "../core/mod.ts";
import type { Config, LocalfileConfig } from "../config/mod.ts";
import { connectTls, type Channel, type ChannelOptions, type EventItem } from "../transport/mod.ts";
import { openDatabase, type DatabaseSync } from "../store/mod.ts";
import { EventSpool, type EventSpoolOptions } from "./spool/mod.ts";
import { ManagerClient, loadAgentIdentity, type AgentIdentity, type ArHandler, type ClientStatus } from "./client/mod.ts";
import {
  LEGACY_CHECKPOINTS, LOG_FORMATS, createLogCollector, importLegacyCheckpoints, openCheckpointStore,
  type LocalfileSpec, type LogCollectorStats, type LogFormat,
} from "./logcollector/mod.ts";
import { createFim, type FimStats } from "./fim/mod.ts";

/** A service the agent runs beside log collection (FIM): it emits through `sink`. */
export interface AgentService {
  start(signal: AbortSignal): Promise<void>;
}

export interface AgentDeps {
  readonly home: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /**
   * How to reach the manager. Default: TLS to the first `<client><server>` (or the enrollment
   * host), with the enrolled certificate and the pinned manager fingerprint.
   */
  readonly connect?: () => Promise<Channel>;
  /** Identity when it does not come from HOME/etc (the local agent 000). */
  readonly identity?: { readonly agentId: string; readonly name: string };
  /** Active-response commands go here (execd). Without it they are answered "refused". */
  readonly onAr?: ArHandler;
  /** Further event producers, each given the spool's durable sink (FIM is built in from <syscheck>). */
  readonly services?: (sink: (event: EventItem) => Promise<void>) => readonly AgentService[];
  readonly spool?: EventSpoolOptions & { readonly path?: string };
  /** Reconnect delays; tests shorten them. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  readonly channel?: ChannelOptions;
  readonly version?: string;
}

export interface AgentStats {
  readonly agentId: string;
  readonly spooled: number;
  readonly dropped: number;
  readonly client: Readonly<ClientStatus>;
  readonly collector: LogCollectorStats;
  /** Undefined when <syscheck> is disabled or watches nothing. */
  readonly fim?: FimStats;
}

export interface Agent {
  /** Opens the spool, starts collection and the manager link. */
  start(): Promise<void>;
  /** Stops sources and the link, closes the spool. Idempotent. */
  stop(): Promise<void>;
  stats(): AgentStats;
}

export const AGENT_VERSION = "0.1.0";

export function createAgent(config: Config, deps: AgentDeps): Agent {
  const logger = (deps.logger ?? silentLogger).child("agent");
  const clock = deps.clock ?? systemClock;
  let running: {
    abort: AbortController; queue: DatabaseSync; spool: EventSpool; client: ManagerClient; tasks: Promise<unknown>[];
    stats: () => LogCollectorStats; fimStats: () => FimStats | undefined;
  } | undefined;
  let agentId = deps.identity?.agentId ?? "";

  return {
    async start() {
      if (running) return;
      const identity = deps.identity ?? loadAgentIdentity(deps.home);
      agentId = identity.agentId;
      // One connection holds the spool, the log positions and the FIM baseline: an event and the
      // position or baseline record it moves commit together (the sink's commit hook).
      const queue = openDatabase(deps.spool?.path ?? join(deps.home, "queue", "spool.db"));
      const spool = new EventSpool(queue, deps.spool ?? {});
      const checkpoints = openCheckpointStore(queue);
      importLegacy(queue, deps.home, logger);
      const connect = deps.connect ?? defaultConnect(config, identity as AgentIdentity, deps.channel ?? {});
      const client = new ManagerClient({
        connect, spool, agentId: identity.agentId, name: identity.name, version: deps.version ?? AGENT_VERSION,
        logger: logger.child("client"), silenceMs: config.client.timeReconnectSeconds * 1000, keepaliveMs: config.client.notifyTimeSeconds * 1000,
        ...(deps.onAr ? { onAr: deps.onAr } : {}), ...(deps.backoff ? { backoff: deps.backoff } : {}),
      });
      const abort = new AbortController();
      const sink = (event: EventItem, commit?: () => void) => spool.append(event, commit);
      const collector = createLogCollector(localfileSpecs(config.localfiles, deps.home), { clock, logger, sink, checkpoints });
      const fim = config.syscheck.disabled || config.syscheck.directories.length === 0 ? undefined : createFim(config.syscheck, { clock, logger, home: deps.home, sink, database: queue });
      const services = [...(fim ? [fim] : []), ...(deps.services?.(sink) ?? [])];
      const tasks = [client.run(abort.signal), collector.start(abort.signal), ...services.map((s) => s.start(abort.signal))]
        .map((t) => t.catch((error: unknown) => logger.error("an agent task failed", { error })));
      running = { abort, queue, spool, client, tasks, stats: () => collector.stats(), fimStats: () => fim?.stats() };
      logger.info("agent started", { agentId, spooled: spool.size });
    },
    async stop() {
      const r = running;
      if (!r) return;
      running = undefined;
      r.abort.abort();
      await Promise.all(r.tasks);
      r.spool.close();
      r.queue.close();
      logger.info("agent stopped", { agentId });
    },
    stats() {
      const r = running;
      return {
        agentId, spooled: r?.spool.size ?? 0, dropped: r?.spool.dropped ?? 0,
        client: { ...(r?.client.status ?? { connected: false, connects: 0, sent: 0, acked: 0 }) },
        collector: r?.stats() ?? { sources: [], rejected: 0 },
        ...(r?.fimStats() ? { fim: r.fimStats() as FimStats } : {}),
      };
    },
  };
}

function defaultConnect(config: Config, identity: AgentIdentity, channel: ChannelOptions): () => Promise<Channel> {
  const servers = config.client.servers.length > 0
    ? config.client.servers.map((s) => ({ host: s.address, port: s.port }))
    : [{ host: identity.managerHost, port: 1514 }];
  let next = 0;
  return () => {
    const server = servers[next++ % servers.length] ?? { host: identity.managerHost, port: 1514 };
    return connectTls({
      ...channel, host: server.host, port: server.port, certPem: identity.certPem, keyPem: identity.keyPem,
      caPem: identity.caPem, pinSha256: identity.managerFingerprint,
    });
  };
}

/** Adapts validated <localfile> blocks to the collector's specs (relative paths under HOME). */
export function localfileSpecs(localfiles: readonly LocalfileConfig[], home: string): LocalfileSpec[] {
  const known: readonly string[] = LOG_FORMATS;
  return localfiles.filter((l) => known.includes(l.logFormat)).map((l) => ({
    logFormat: l.logFormat as LogFormat,
    ...(l.location !== undefined ? { location: l.location === "journald" || isAbsolute(l.location) ? l.location : join(home, l.location) } : {}),
    ...(l.command !== undefined ? { command: l.command } : {}),
    ...(l.alias !== undefined ? { alias: l.alias } : {}),
    frequencySec: l.frequencySeconds,
    onlyFutureEvents: l.onlyFutureEvents,
  }));
}

/** Positions an earlier version kept in their own database move into the queue database once. */
function importLegacy(queue: DatabaseSync, home: string, logger: Logger): void {
  const path = join(home, LEGACY_CHECKPOINTS);
  try {
    const rows = importLegacyCheckpoints(queue, path);
    if (rows > 0) logger.info("log positions moved into the spool database", { from: path, rows });
  } catch (error: unknown) {
    logger.error("cannot import the old log positions; sources without a position start as new", { code: "LC_LEGACY_CHECKPOINTS", path, error });
  }
}
