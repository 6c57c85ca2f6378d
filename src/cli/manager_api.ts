/**
 * Starts the REST API and dashboard inside `riposte manager` (unless `<api><disabled>yes`, or
 * no `<api><user>` is configured: an API nobody can log in to is not opened):
 * HTTPS with the manager's certificate (HOME/etc/sslmanager.cert/.key), the registry, the
 * responder and ar.conf names of the running active response, the alerts table, a logtest
 * factory over the configured ruleset; the bound port goes to ports.json as `api`.
 * Must not: own the manager's lifecycle (the manager command stops the API first).
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { systemClock, type Logger } from "../core/mod.ts";
import type { Config } from "../config/mod.ts";
import type { Manager } from "../manager/mod.ts";
import type { ManagerActiveResponse } from "../manager/dispatch/mod.ts";
import { listResponseNames, parseArConf } from "../response/mod.ts";
import { createApiServer, logtestFactory, type ApiServer } from "../api/mod.ts";

export async function startManagerApi(o: { config: Config; home: string; manager: Manager; ar: ManagerActiveResponse; logger: Logger }): Promise<ApiServer | undefined> {
  if (o.config.api.disabled) return undefined;
  if (o.config.api.users.length === 0) {
    o.logger.warn("API and dashboard not started: <api> has no <user> (make a password hash with `riposte api-hash`)");
    return undefined;
  }
  let names: { text: string; list: readonly string[] } = { text: "", list: [] };
  const responseNames = () => {
    if (names.text !== o.ar.arConf) names = { text: o.ar.arConf, list: listResponseNames(parseArConf(o.ar.arConf).allowlist).map((n) => n.name) };
    return names.list;
  };
  const api = createApiServer({
    config: o.config.api, home: o.home, logger: o.logger, clock: systemClock, managerName: hostname(),
    tls: { certPem: readFileSync(join(o.home, "etc", "sslmanager.cert"), "utf8"), keyPem: readFileSync(join(o.home, "etc", "sslmanager.key"), "utf8") },
    alertsDb: o.manager.paths.analysisDb, agents: o.manager.registry(), responder: o.ar.responder, responseNames,
    stats: () => o.manager.stats(), logtest: logtestFactory(o.config),
  });
  const port = await api.start();
  o.manager.setPort("api", port);
  return api;
}
