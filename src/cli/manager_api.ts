/**
 * Starts the REST API and dashboard inside `riposte manager`: HTTPS with the manager's
 * certificate (HOME/etc/sslmanager.cert/.key), the registry, the responder and ar.conf names of
 * the running active response, the alerts table, a logtest factory over the configured ruleset;
 * the bound port goes to ports.json as `api`.
 * Users: `<api><user>` when given. Without any `<user>` (no `<api>` section, or one without
 * users, as the shipped etc/ossec.conf) there is one bootstrap `admin` whose random password is
 * in HOME/etc/api-admin.pass (0600), so a first start has a dashboard one can log in to. On the
 * default 127.0.0.1:55000 without an `<api>` section, a taken port means the manager runs
 * without API (logged); a port the configuration names must be free. `<disabled>yes`: no API.
 * Must not: own the manager's lifecycle (the manager command stops the API first).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { errorMessage, systemClock, type Logger } from "../core/mod.ts";
import type { ApiUser, Config } from "../config/mod.ts";
import type { Manager } from "../manager/mod.ts";
import type { ManagerActiveResponse } from "../manager/dispatch/mod.ts";
import { listResponseNames, parseArConf } from "../response/mod.ts";
import { createApiServer, hashPassword, logtestFactory, type ApiServer } from "../api/mod.ts";

/** The bootstrap admin of a configuration without `<api><user>`: password in HOME/etc/api-admin.pass. */
async function bootstrapAdmin(home: string): Promise<ApiUser> {
  const file = join(home, "etc", "api-admin.pass");
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(18).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  const password = readFileSync(file, "utf8").trim();
  return { name: "admin", role: "admin", passwordHash: await hashPassword(password), at: { file, line: 1, column: 1 } };
}

export async function startManagerApi(o: { config: Config; home: string; manager: Manager; ar: ManagerActiveResponse; logger: Logger }): Promise<ApiServer | undefined> {
  if (o.config.api.disabled) return undefined;
  const bootstrap = o.config.api.users.length === 0;
  const portConfigured = o.config.api.at !== undefined;
  const users = bootstrap ? [await bootstrapAdmin(o.home)] : o.config.api.users;
  let names: { text: string; list: readonly string[] } = { text: "", list: [] };
  const responseNames = () => {
    if (names.text !== o.ar.arConf) names = { text: o.ar.arConf, list: listResponseNames(parseArConf(o.ar.arConf).allowlist).map((n) => n.name) };
    return names.list;
  };
  const api = createApiServer({
    config: { ...o.config.api, users }, home: o.home, logger: o.logger, clock: systemClock, managerName: hostname(),
    tls: { certPem: readFileSync(join(o.home, "etc", "sslmanager.cert"), "utf8"), keyPem: readFileSync(join(o.home, "etc", "sslmanager.key"), "utf8") },
    alertsDb: o.manager.paths.analysisDb, agents: o.manager.registry(), responder: o.ar.responder, responseNames,
    stats: () => o.manager.stats(), logtest: logtestFactory(o.config),
  });
  let port: number;
  try {
    port = await api.start();
  } catch (error: unknown) {
    await api.stop();
    if (portConfigured) throw error;
    o.logger.warn("API and dashboard not started: the default port is not free; configure <api><port>", { error: errorMessage(error) });
    return undefined;
  }
  o.manager.setPort("api", port);
  if (bootstrap) o.logger.info("API and dashboard with the bootstrap user admin", { url: `https://${o.config.api.host}:${port}/`, password: join(o.home, "etc", "api-admin.pass") });
  return api;
}
