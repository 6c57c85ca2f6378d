/**
 * `riposte agent [--config FILE] [--home DIR]`: runs an enrolled agent (log collection,
 * durable spool, link to the manager) until SIGTERM/SIGINT. Enroll first with
 * `riposte enroll`.
 */
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { createAgent } from "../agent/mod.ts";
import { createAgentActiveResponse } from "../agent/execd/mod.ts";
import { systemClock } from "../core/mod.ts";
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

Run 'riposte enroll' once before the first start.
`;

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
    const ar = createAgentActiveResponse({ home, clock: systemClock, logger, execd: config.execd });
    await ar.start();
    const agent = createAgent(config, { home, logger, onAr: (command, respond) => ar.onAr(command, respond) });
    await agent.start();
    await untilAborted(io.signal);
    await agent.stop();
    await ar.stop();
    return EXIT.ok;
  },
};
