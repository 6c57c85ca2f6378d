/**
 * The agent side of active response, ready to wire into createAgent: the execd on
 * HOME/queue/execd.db, its allowlist from HOME/etc/shared/ar.conf (re-read when the file
 * changes, and replaced when the manager pushes its ar.conf with `!:arconf`), the channel
 * handler (`onAr`), and unsolicited results (timeout deletes, reconciliation) sent through
 * `report`. Before the first command runs, the kernel's firewall-drop blocks are reconciled
 * with the durable timeouts (firewall_reconcile.ts; one firewall shared with the in-process
 * firewall-drop).
 * Must not: open network connections (the agent's client delivers and reports).
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Clock, Logger } from "../../core/mod.ts";
import { BlockLeases, arConfText, createFirewall, encodeResult, parseArConf, responseStarter, type Allowlist, type Firewall } from "../../response/mod.ts";
import { openDatabase, type DatabaseSync } from "../../store/mod.ts";
import { createArCommandHandler, resultId, type ArAnswer, type ArCommand } from "./ar_command_handler.ts";
import { createExecd, type Execd, type ExecdOptions } from "./execd.ts";
import { createBuiltinResolver } from "./builtin_resolver.ts";
import { reconcileFirewallDrop } from "./firewall_reconcile.ts";
import { TimeoutStore } from "./timeout_store.ts";
import { createSshPeerProbe, type SsRunner } from "./ssh_peers.ts";
import { createSshSessionGuard } from "./ssh_session_guard.ts";

export interface AgentActiveResponseOptions {
  readonly home: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The `<active-response>` agent settings (config's ExecdConfig is assignable). */
  readonly execd: { readonly disabled: boolean; readonly repeatedOffendersMinutes: readonly number[]; readonly protectSshSessions?: boolean };
  /** Replaces `ss` for protect_ssh_sessions (tests). */
  readonly ssRunner?: SsRunner;
  /**
   * Sends a result that answers no command (an `ar_result` with its own id). MUST NOT throw.
   * Default: the responder of the latest command received (the channel's responder sends
   * any id on the current channel); results wait, up to 1,000, for the first command (the
   * manager pushes ar.conf at each connection, so one comes at once).
   */
  readonly report?: (answer: ArAnswer) => void;
  /** Run Riposte's built-ins in-process when bin/ holds their launcher. @default true */
  readonly inProcessBuiltins?: boolean;
  /** Run the built-ins' kernel commands (and the reconciliation at start) in this network namespace (tests). */
  readonly netns?: string;
  /** Overrides of execd tuning (watchdog, concurrency, liftOnStop…). */
  readonly tuning?: Partial<Pick<ExecdOptions, "maxConcurrent" | "watchdogMs" | "handshakeMs" | "liftOnStop" | "offenderDecaySec" | "arLog">>;
}

export interface AgentActiveResponse {
  /** The running execd (after start()). */
  readonly execd: Execd | undefined;
  /** The channel's AR handler (manager_client ArHandler is compatible). */
  onAr(command: ArCommand, respond: (answer: ArAnswer) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function arConfPath(home: string): string {
  return join(home, "etc", "shared", "ar.conf");
}

export function createAgentActiveResponse(o: AgentActiveResponseOptions): AgentActiveResponse {
  const logger = o.logger.child("ar");
  const path = arConfPath(o.home);
  let seen = -1;
  let seq = 0;
  let latest: ((answer: ArAnswer) => void) | undefined;
  const waiting: ArAnswer[] = [];
  const report = o.report ?? ((answer: ArAnswer) => {
    if (latest) latest(answer);
    else if (waiting.push(answer) > 1000) waiting.shift();
  });
  const load = (): Allowlist => {
    try {
      const { allowlist, diagnostics } = parseArConf(readFileSync(path, "utf8"), path);
      for (const d of diagnostics) logger.warn(d.message, { code: d.code });
      return allowlist;
    } catch {
      return new Map(); // no ar.conf yet: only `!name` custom commands can run
    }
  };
  let db: DatabaseSync | undefined;
  let execd: Execd | undefined;
  let handler: ReturnType<typeof createArCommandHandler> | undefined;
  let firewall: Firewall | undefined; // nftables, shared by the in-process firewall-drop and reconciliation
  let leases: BlockLeases | undefined; // its kernel-timeout renewals, released at stop
  const sshGuard = o.execd.protectSshSessions !== true ? undefined : createSshSessionGuard({
    probe: createSshPeerProbe({ clock: o.clock, logger, ...(o.ssRunner ? { run: o.ssRunner } : {}) }),
    allowlist: load, clock: o.clock, logger, arLogPath: join(o.home, "logs", "active-responses.log"),
  });
  let guarded: Promise<void> = Promise.resolve();
  const build = (): Execd => {
    db = openDatabase(join(o.home, "queue", "execd.db"));
    const starter = responseStarter().kind;
    logger.info(`Response executables start through ${starter}`, { starter });
    firewall = createFirewall(o.netns === undefined ? {} : { netns: o.netns });
    leases = new BlockLeases(firewall, { clock: o.clock, onError: (message) => logger.warn(message) });
    const builtins = { home: o.home, clock: o.clock, actions: { "firewall-drop": { firewalls: { nftables: firewall }, leases } }, ...(o.netns === undefined ? {} : { netns: o.netns }) };
    const e = createExecd({
      home: o.home, clock: o.clock, logger: o.logger, allowlist: new Map(), db, disabled: o.execd.disabled,
      repeatedOffendersMinutes: o.execd.repeatedOffendersMinutes, ...o.tuning,
      ...(o.inProcessBuiltins === false ? {} : { actionFor: createBuiltinResolver(builtins) }),
      onResult: (r) => {
        if (!r.commandId) report({ id: resultId(r, seq++), ...encodeResult(r) });
      },
    });
    return e;
  };
  /** Makes the kernel's firewall-drop blocks match the durable entries (never throws). */
  const reconcile = async (): Promise<void> => {
    if (!db || !firewall) return;
    const fw = firewall;
    await reconcileFirewallDrop({
      home: o.home, allowlist: load(), entries: new TimeoutStore(db).all(), firewall: () => fw, nowMs: o.clock.now(), logger,
      ...(leases && o.inProcessBuiltins !== false ? { leases } : {}), // a spawned delete would not release them
    });
  };
  const refresh = () => {
    let mtime = 0;
    try {
      mtime = statSync(path).mtimeMs;
    } catch {
      mtime = 0; // absent: an empty allowlist
    }
    if (mtime !== seen) {
      seen = mtime;
      execd?.setAllowlist(load());
    }
  };
  return {
    get execd() {
      return execd;
    },
    onAr(command, respond) {
      latest = respond;
      for (const answer of waiting.splice(0)) respond(answer);
      const text = arConfText(command.payload);
      if (text !== undefined) {
        try {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(`${path}.tmp`, text, { mode: 0o640 });
          renameSync(`${path}.tmp`, path);
          respond({ id: command.id, outcome: "done" });
        } catch (error: unknown) {
          logger.error("Cannot store the manager's ar.conf", { error, path });
          respond({ id: command.id, outcome: "failed", detail: "cannot store ar.conf" });
        }
        return;
      }
      if (!handler) {
        respond({ id: command.id, outcome: "refused", detail: "the execd is not started" });
        return;
      }
      refresh();
      if (!sshGuard) {
        handler(command, respond);
        return;
      }
      guarded = guarded.then(async () => {
        const why = await sshGuard(command.payload);
        if (why) respond({ id: command.id, outcome: "refused", detail: `AR_SELF_PROTECTED: ${why}` });
        else if (handler) handler(command, respond);
        else respond({ id: command.id, outcome: "refused", detail: "the execd is not started" });
      });
    },
    async start() {
      if (execd) return;
      const e = build();
      execd = e;
      seen = -1;
      refresh();
      await reconcile(); // before any command can add a block (no handler yet)
      if (execd !== e) return; // stopped meanwhile
      handler = createArCommandHandler(e, o.clock, logger);
      await e.start();
    },
    async stop() {
      const e = execd;
      execd = undefined;
      handler = undefined;
      await e?.stop();
      leases?.releaseAll();
      leases = undefined;
      firewall?.close();
      firewall = undefined;
      db?.close();
      db = undefined;
    },
  };
}
