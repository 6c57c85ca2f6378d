/**
 * `riposte manager [--config FILE] [--home DIR]`: runs the manager (agent and enrollment
 * listeners, analysis, alerts, control socket) and its local agent 000 until SIGTERM/SIGINT.
 * SIGHUP reloads the configuration and ruleset; a bad one is rejected with its diagnostics
 * and the running one stays. Ports chosen are in HOME/var/run/ports.json; the pid in
 * HOME/var/run/riposte-manager.pid while it runs.
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { errorMessage, systemClock } from "../core/mod.ts";
import { buildEngineAnalyzer, createManager } from "../manager/mod.ts";
import { createManagerActiveResponse, type ManagerActiveResponse } from "../manager/dispatch/mod.ts";
import { createAgent } from "../agent/mod.ts";
import { createAgentActiveResponse } from "../agent/execd/mod.ts";
import { openDatabase } from "../store/mod.ts";
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { parseCommandArgs, resolveHome } from "./args.ts";
import { absoluteHome, daemonLogger, loadDaemonConfig, untilAborted } from "./daemon_io.ts";
import { startManagerApi } from "./manager_api.ts";
import { writePidFile } from "./pid_file.ts";
import type { ApiServer } from "../api/mod.ts";

const HELP = `Usage: riposte manager [--config FILE] [--home DIR]

Runs the Riposte manager: agent listener (<remote><port>, default 1514, TLS 1.3 with
client certificates), enrollment listener (<auth><port>, default 1515; password from
HOME/etc/authd.pass when <auth><use_password>yes), analysis with the ruleset of
<ruleset>, alerts in HOME/logs/alerts/alerts.json and the alerts store, the control
socket HOME/var/run/control.sock, and the local agent 000 for this host.

Options:
  --config FILE  Configuration (default HOME/etc/ossec.conf).
  --home DIR     Riposte home (default $RIPOSTE_HOME, else /var/riposte).
  -h, --help     Show this help.

Signals: SIGTERM/SIGINT stop cleanly; SIGHUP reloads configuration and rules (a bad
configuration is rejected and the running one kept). Port 0 picks a free port; the
chosen ports are written to HOME/var/run/ports.json.
`;

export const managerCommand: Command = {
  name: "manager",
  summary: "Run the manager: receive agents' events, analyse them, write alerts",
  help: HELP,
  async run(argv: readonly string[], io: CommandIO): Promise<number> {
    const { values } = parseCommandArgs(argv, { config: { type: "string" }, home: { type: "string" } });
    const home = absoluteHome(resolveHome(values.home, io.env), io);
    const logger = daemonLogger(home, io, "manager");
    const config = await loadDaemonConfig(values.config, home, "manager", io);
    if (!config) return EXIT.failure;
    const link: { ar?: ManagerActiveResponse; api?: ApiServer } = {};
    const manager = createManager(config, {
      home, logger, buildAnalyzer: (c) => buildEngineAnalyzer(c),
      onAlert: (alert) => {
        link.ar?.onAlert(alert);
        link.api?.onAlert(alert);
      },
      onArResult: (agentId, result) => {
        link.ar?.onArResult(agentId, result);
        link.api?.onArResult(agentId, result);
      },
    });
    await manager.start();
    const arDb = openDatabase(join(home, "queue", "responses.db"));
    link.ar = createManagerActiveResponse({
      config, home, clock: systemClock, logger, db: arDb, registry: manager.registry(),
      sendAr: (agentId, message) => manager.sendAr(agentId, message), control: manager.control,
      onDecision: (decision) => link.api?.onDecision(decision),
    });
    link.ar.start();
    link.api = await startManagerApi({ config, home, manager, ar: link.ar, logger });
    const localAr = createAgentActiveResponse({ home, clock: systemClock, logger, execd: config.execd });
    await localAr.start();
    const local = createAgent(config, {
      home, logger, identity: { agentId: "000", name: hostname() }, connect: () => manager.connectLocal(),
      spool: { path: join(home, "queue", "local-agent-spool.db") }, onAr: (command, respond) => localAr.onAr(command, respond),
    });
    await local.start();
    const onHup = () => void reload(values.config, home, io, manager, logger, link.ar);
    process.on("SIGHUP", onHup);
    const pidFile = writePidFile(home, "manager", logger);
    io.stdout(`riposte manager running: ports ${JSON.stringify(manager.ports())}, manager fingerprint ${manager.serverFingerprint()}\n`);
    await untilAborted(io.signal);
    process.off("SIGHUP", onHup);
    await link.api?.stop();
    await local.stop();
    await localAr.stop();
    await link.ar.stop();
    await manager.stop();
    arDb.close();
    pidFile.remove();
    return EXIT.ok;
  },
};

async function reload(configFlag: string | undefined, home: string, io: CommandIO, manager: ReturnType<typeof createManager>, logger: ReturnType<typeof daemonLogger>, ar?: ManagerActiveResponse): Promise<void> {
  logger.info("SIGHUP: reloading the configuration");
  const config = await loadDaemonConfig(configFlag, home, "manager", io);
  if (!config) {
    logger.error("reload rejected: the new configuration has errors; the running one is kept", { code: "RELOAD_REJECTED" });
    return;
  }
  try {
    await manager.reload(config);
    await ar?.reload(config);
  } catch (error: unknown) {
    logger.error("reload rejected; the running configuration is kept", { code: "RELOAD_REJECTED", error: errorMessage(error) });
  }
}
