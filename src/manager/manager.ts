/**
 * createManager: the composition root of `riposte manager` (DESIGN §4). It wires, explicitly:
 * enrollment listener → registry; agent listener → agent server → intake journal →
 * analysis worker → alerts store + outputs + alert hooks; the control socket; ports.json.
 * Nothing happens at import or construction: `start()` does the I/O, `stop()` undoes it.
 * Must not: parse configuration (it receives a frozen Config) or know the engine's insides
 * (it receives `buildAnalyzer`).
 */
import { hostname } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import type { Alert, Logger, RawEvent } from "../core/mod.ts";
import { errorMessage, silentLogger } from "../core/mod.ts";
import type { Config } from "../config/mod.ts";
import { openDatabase, type DatabaseSync } from "../store/mod.ts";
import {
  TransportError, createCounters, createMemoryPair, listenTls, type ArMessage, type ArResultMessage, type Channel, type ChannelCounters, type Listener,
} from "../transport/mod.ts";
import { AgentRegistry } from "./agents/mod.ts";
import { serveEnrollment, type DuplicateNamePolicy } from "./agents/mod.ts";
import { loadManagerPki, type ManagerPki } from "./agents/mod.ts";
import { RateLimiter, type RateLimiterOptions } from "./agents/mod.ts";
import { AgentServer } from "./server/mod.ts";
import { IntakeJournal } from "./intake/mod.ts";
import { AnalysisWorker, type AnalysisStats } from "./analysis/mod.ts";
import type { Analyzer } from "./analysis/mod.ts";
import { AlertStore } from "./outputs/mod.ts";
import type { AlertOutput } from "./outputs/mod.ts";
import { createAlertsJsonOutput } from "./outputs/mod.ts";
import { ControlServer, type ControlRegistry } from "./control/mod.ts";
import { registerAgentCommands } from "./control/mod.ts";
import { PortsFile } from "./ports_file.ts";
import { managerPaths, type ManagerPaths } from "./manager_paths.ts";
import { ManagerError } from "./manager_error.ts";

export interface ManagerDeps {
  /** The Riposte home (DESIGN §1 layout). */
  readonly home: string;
  readonly logger?: Logger;
  /** Builds the analyzer for a configuration, at start and on each reload; throw to refuse. */
  readonly buildAnalyzer: (config: Config) => Promise<Analyzer> | Analyzer;
  /** Extra alert outputs besides alerts.json (built per configuration). */
  readonly extraOutputs?: (config: Config) => readonly AlertOutput[];
  /** Every stored alert, in order (active-response dispatch plugs in here). MUST NOT throw. */
  readonly onAlert?: (alert: Alert, event: RawEvent) => void;
  /** Every analysed event (tests, benchmarks). MUST NOT throw. */
  readonly onAnalysed?: (event: RawEvent) => void;
  /** An agent's active-response result. MUST NOT throw. */
  readonly onArResult?: (agentId: string, result: ArResultMessage) => void;
  /** What enrollment does with a name already registered. @default "refuse" */
  readonly duplicateNames?: DuplicateNamePolicy;
  readonly enrollmentRate?: RateLimiterOptions;
  /** Keepalive interval announced to agents (s). @default 10 */
  readonly keepaliveSec?: number;
  /** Bind address when <remote><local_ip> is unset. @default "0.0.0.0" */
  readonly bindHost?: string;
  /** Name of agent 000. @default os.hostname() */
  readonly localAgentName?: string;
  readonly now?: () => number;
}

export interface ManagerStats {
  /** Event-loop delay since start (ms): how long intake could be kept waiting by other work. */
  readonly loopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly analysis: AnalysisStats;
  readonly backlog: number;
  readonly connected: number;
  readonly counters: Readonly<Record<string, number>>;
}

export interface Manager {
  /** Opens stores, binds listeners (ports.json), starts analysis and the control socket. */
  start(): Promise<void>;
  /** Stops accepting, closes channels, drains nothing more, closes stores. Idempotent. */
  stop(): Promise<void>;
  /** Swaps in a new configuration's analyzer and outputs; rejects with RELOAD_REJECTED and keeps the old on failure. */
  reload(config: Config): Promise<void>;
  readonly paths: ManagerPaths;
  /** Bound ports by name ("remote", "auth", …); `setPort` lets other listeners (API) add theirs. */
  ports(): Readonly<Record<string, number>>;
  setPort(name: string, port: number): void;
  readonly control: ControlRegistry;
  readonly counters: ChannelCounters;
  registry(): AgentRegistry;
  alerts(): AlertStore;
  /** Revokes an agent: registry status, certificate refused, live channel closed at once. */
  revoke(agentId: string): Promise<boolean>;
  /** Sends an AR command to a connected agent; false when it is not connected now. */
  sendAr(agentId: string, message: ArMessage): Promise<boolean>;
  /** The manager's own agent (000) connects through this in-memory channel. */
  connectLocal(): Promise<Channel>;
  stats(): ManagerStats;
  readonly serverFingerprint: () => string;
}

export function createManager(config: Config, deps: ManagerDeps): Manager {
  return new ManagerImpl(config, deps);
}

interface Running {
  readonly pki: ManagerPki;
  readonly registry: AgentRegistry;
  readonly db: DatabaseSync;
  readonly journal: IntakeJournal;
  readonly store: AlertStore;
  readonly server: AgentServer;
  readonly worker: AnalysisWorker;
  readonly listeners: Listener[];
  readonly abort: AbortController;
  readonly loop: ReturnType<typeof monitorEventLoopDelay>;
}

class ManagerImpl implements Manager {
  readonly paths: ManagerPaths;
  readonly control: ControlServer;
  readonly counters = createCounters();
  readonly #deps: ManagerDeps;
  readonly #logger: Logger;
  readonly #portsFile: PortsFile;
  #config: Config;
  #analyzer: Analyzer | undefined;
  #outputs: readonly AlertOutput[] = [];
  #run: Running | undefined;
  #tasks = new Set<Promise<void>>();

  constructor(config: Config, deps: ManagerDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#logger = (deps.logger ?? silentLogger).child("manager");
    this.paths = managerPaths(deps.home);
    this.#portsFile = new PortsFile(this.paths.ports);
    this.control = new ControlServer(this.#logger.child("control"));
  }

  async start(): Promise<void> {
    if (this.#run) return;
    const now = this.#deps.now ?? Date.now;
    this.#analyzer = await this.#deps.buildAnalyzer(this.#config);
    this.#outputs = this.#buildOutputs(this.#config);
    const pki = await loadManagerPki(this.paths.home);
    const registry = new AgentRegistry(this.paths.agentsDb, now);
    registry.markAllDisconnected();
    registry.ensureLocal(this.#deps.localAgentName ?? hostname());
    const db = openDatabase(this.paths.analysisDb);
    const journal = new IntakeJournal(db, now);
    const store = new AlertStore(db);
    const server = this.#buildServer(registry, journal, now);
    const worker = new AnalysisWorker({
      db, journal, store, now, counters: this.counters, logger: this.#logger.child("analysis"),
      analyzer: () => this.#analyzer as Analyzer, outputs: () => this.#outputs,
      onAlert: this.#deps.onAlert ?? (() => {}), ...(this.#deps.onAnalysed ? { onAnalysed: this.#deps.onAnalysed } : {}),
    });
    journal.onAppended = () => worker.wake();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    this.#run = { pki, registry, db, journal, store, server, worker, listeners: [], abort: new AbortController(), loop };
    await worker.start();
    await this.#listen(this.#run);
    registerAgentCommands(this.control, this);
    await this.control.listen(this.paths.controlSocket);
    this.#logger.info("manager started", { ports: this.#portsFile.ports, fingerprint: pki.serverFingerprint });
  }

  #buildServer(registry: AgentRegistry, journal: IntakeJournal, now: () => number): AgentServer {
    const keepaliveSec = this.#deps.keepaliveSec ?? 10;
    return new AgentServer({
      registry, journal, now, keepaliveSec, counters: this.counters, logger: this.#logger.child("server"),
      disconnectAfterMs: Math.max(this.#config.global.agentsDisconnectionTimeSeconds * 1000, keepaliveSec * 3000),
      onArResult: this.#deps.onArResult ?? (() => {}),
    });
  }

  #buildOutputs(config: Config): readonly AlertOutput[] {
    const outputs: AlertOutput[] = [];
    if (config.global.jsonoutOutput) {
      outputs.push(createAlertsJsonOutput({ dir: this.paths.alertsDir, onError: (error) => {
        this.counters.count("OUTPUT_FAILED");
        this.#logger.warn("alerts.json write failed", { code: "OUTPUT_FAILED", error });
      } }));
    }
    return [...outputs, ...(this.#deps.extraOutputs?.(config) ?? [])];
  }

  async #listen(run: Running): Promise<void> {
    const host = this.#config.remote.localIp ?? this.#deps.bindHost ?? "0.0.0.0";
    const common = { host, certPem: run.pki.server.certPem, keyPem: run.pki.server.keyPem, counters: this.counters };
    const agents = await listenTls({ ...common, port: this.#config.remote.port, caPem: run.pki.ca.certPem, authorize: (p) => run.server.authorize(p) });
    run.listeners.push(agents);
    this.#portsFile.set("remote", agents.port);
    this.#spawn(this.#acceptLoop(agents, (ch) => run.server.serve(ch)));
    if (this.#config.auth.disabled) return;
    const limiter = new RateLimiter(this.#deps.enrollmentRate);
    // Enrollment is one short exchange per agent: a small cap bounds a connection flood.
    const enroll = await listenTls({ ...common, port: this.#config.auth.port, maxConnections: 256 });
    run.listeners.push(enroll);
    this.#portsFile.set("auth", enroll.port);
    this.#spawn(this.#acceptLoop(enroll, (ch) => serveEnrollment(ch, {
      registry: run.registry, ca: run.pki.ca, limiter, counters: this.counters, logger: this.#logger.child("authd"),
      password: () => this.#password(), duplicateNames: this.#deps.duplicateNames ?? "refuse",
      onRevoked: (id) => void run.server.disconnect(id, new TransportError("TRANSPORT_PEER_UNTRUSTED", "Replaced by a new enrollment")),
    })));
  }

  /** HOME/etc/authd.pass when <use_password> is on, read at each attempt (so it can change); null when unreadable. */
  #password(): string | undefined | null {
    if (!this.#config.auth.usePassword) return undefined;
    try {
      return readFileSync(this.paths.authdPass, "utf8").trim();
    } catch (error: unknown) {
      this.#logger.error("cannot read the enrollment password; refusing enrollments", { path: this.paths.authdPass, error });
      return null;
    }
  }

  async #acceptLoop(listener: Listener, serve: (ch: Channel) => Promise<void>): Promise<void> {
    const signal = this.#run?.abort.signal ?? AbortSignal.abort();
    for await (const ch of listener.accept(signal)) this.#spawn(serve(ch));
  }

  #spawn(task: Promise<void>): void {
    const t = task.catch((error: unknown) => this.#logger.error("a manager task failed", { error: errorMessage(error) }));
    this.#tasks.add(t);
    void t.finally(() => this.#tasks.delete(t));
  }

  async stop(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    this.#run = undefined;
    run.abort.abort();
    run.loop.disable();
    await this.control.close(this.paths.controlSocket);
    await run.server.close();
    await Promise.all(run.listeners.map((l) => l.close()));
    await run.worker.stop();
    await Promise.allSettled([...this.#tasks]);
    for (const o of this.#outputs) await o.close().catch(() => undefined);
    run.db.close();
    run.registry.close();
    this.#logger.info("manager stopped");
  }

  async reload(config: Config): Promise<void> {
    let analyzer: Analyzer;
    let outputs: readonly AlertOutput[];
    try {
      analyzer = await this.#deps.buildAnalyzer(config);
      outputs = this.#buildOutputs(config);
    } catch (error: unknown) {
      throw new ManagerError("RELOAD_REJECTED", `Cannot reload: ${errorMessage(error)}`, { cause: error });
    }
    const old = this.#outputs;
    this.#config = config;
    this.#analyzer = analyzer;
    this.#outputs = outputs;
    for (const o of old) await o.close().catch(() => undefined);
    this.#logger.info("configuration reloaded");
  }

  ports(): Readonly<Record<string, number>> {
    return this.#portsFile.ports;
  }

  setPort(name: string, port: number): void {
    this.#portsFile.set(name, port);
  }

  registry(): AgentRegistry {
    return this.#running().registry;
  }

  alerts(): AlertStore {
    return this.#running().store;
  }

  serverFingerprint = (): string => this.#running().pki.serverFingerprint;

  async revoke(agentId: string): Promise<boolean> {
    const run = this.#running();
    const done = run.registry.revoke(agentId);
    await run.server.disconnect(agentId, new TransportError("TRANSPORT_PEER_UNTRUSTED", `Agent ${agentId} was removed`));
    if (done) this.#logger.info("agent revoked", { agent: agentId });
    return done;
  }

  sendAr(agentId: string, message: ArMessage): Promise<boolean> {
    return this.#running().server.sendAr(agentId, message);
  }

  async connectLocal(): Promise<Channel> {
    const run = this.#running();
    const pair = createMemoryPair({
      peerOfA: { kind: "manager", address: "memory" },
      peerOfB: { kind: "agent", agentId: "000", address: "127.0.0.1" },
      counters: this.counters,
    });
    this.#spawn(run.server.serve(pair.b));
    return pair.a;
  }

  stats(): ManagerStats {
    const run = this.#running();
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    const loopDelayMs = { p50: ms(run.loop.percentile(50)), p99: ms(run.loop.percentile(99)), max: ms(run.loop.max) };
    return { loopDelayMs, analysis: { ...run.worker.stats }, backlog: run.journal.backlog(), connected: run.server.connectedAgents().length, counters: this.counters.snapshot() };
  }

  #running(): Running {
    if (!this.#run) throw new ManagerError("MANAGER_HOME_INVALID", "The manager is not started");
    return this.#run;
  }
}
