/**
 * `riposte agent [--config FILE] [--home DIR]`: runs an enrolled agent (log collection,
 * durable spool, link to the manager) until SIGTERM/SIGINT; SIGHUP reloads the
 * configuration (a bad one is rejected and the running one kept). Writes
 * HOME/var/run/riposte-agent.pid while it runs. Enroll first with `riposte enroll`.
 */
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { createAgent } from "../agent/mod.ts";
import { createAgentActiveResponse } from "../agent/execd/mod.ts";
import { systemClock, type Logger } from "../core/mod.ts";
import type { Config } from "../config/mod.ts";
import { setUpActiveResponseBin } from "./ar_launchers.ts";
import { writePidFile } from "./pid_file.ts";
import { parseCommandArgs, resolveHome } from "./args.ts";
import { absoluteHome, daemonLogger, loadDaemonConfig, untilAborted } from "./daemon_io.ts";

const HELP = `Usage: riposte agent [--config FILE] [--home DIR]

Runs the Riposte agent: collects the <localfile> sources, spools every event durably in
HOME/queue/spool.db, and ships them to the manager of <client><server> over TLS 1.3 with
the certificate issued at enrollment, refusing any manager whose certificate is not the
one pinned then. Reconnects with backoff; nothing is lost or repeated across restarts.

Options:
  --config FILE  Configuration (default HOME/etc/ossec.conf).
  --home DIR     Riposte home (default $RIPOSTE_HOME, else /var/riposte).
  -h, --help     Show this help.

Signals: SIGTERM/SIGINT stop cleanly; SIGHUP reloads the configuration (the agent's
sources, link and active response restart on the new one; a bad one is rejected and the
running one kept).

Run 'riposte enroll' once before the first start.
`;

/** Starts active response then the agent on `config`; returns how to stop both. */
async function startAgent(config: Config, home: string, logger: Logger): Promise<() => Promise<void>> {
  const ar = createAgentActiveResponse({ home, clock: systemClock, logger, execd: config.execd });
  await ar.start();
  const agent = createAgent(config, { home, logger, onAr: (command, respond) => ar.onAr(command, respond) });
  await agent.start();
  return async () => {
    await agent.stop();
    await ar.stop();
  };
}

export const agentCommand: Command = {
  name: "agent",
  summary: "Run an agent: collect logs and ship them to the manager",
  help: HELP,
  async run(argv: readonly string[], io: CommandIO): Promise<number> {
    const { values } = parseCommandArgs(argv, { config: { type: "string" }, home: { type: "string" } });
    const home = absoluteHome(resolveHome(values.home, io.env), io);
    const logger = daemonLogger(home, io, "agent");
    const config = await loadDaemonConfig(values.config, home, "agent", io);
    if (!config) return EXIT.failure;
    const bin = setUpActiveResponseBin(home);
    if (bin) logger.info("Installed the built-in response launchers", { installed: bin.installed.length, failed: bin.failed.map((f) => `${f.name}: ${f.reason}`) });
    let current = config;
    let stop = await startAgent(config, home, logger);
    const pidFile = writePidFile(home, "agent", logger);
    let reloading = Promise.resolve();
    const onHup = () => {
      reloading = reloading.then(async () => {
        logger.info("SIGHUP: reloading the configuration");
        const next = await loadDaemonConfig(values.config, home, "agent", io);
        if (!next) return logger.error("reload rejected: the new configuration has errors; the running one is kept", { code: "RELOAD_REJECTED" });
        await stop();
        try {
          stop = await startAgent(next, home, logger);
          current = next;
          logger.info("configuration reloaded");
        } catch (error: unknown) {
          logger.error("reload rejected; restarting on the previous configuration", { code: "RELOAD_REJECTED", error });
          stop = await startAgent(current, home, logger);
        }
      }).catch((error: unknown) => logger.error("reload failed", { error }));
    };
    process.on("SIGHUP", onHup);
    await untilAborted(io.signal);
    process.off("SIGHUP", onHup);
    await reloading;
    await stop();
    pidFile.remove();
    return EXIT.ok;
  },
};
