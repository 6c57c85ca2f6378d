/**
 * `<client>`: the agent's managers (`<server>`, tried in order) and enrollment settings.
 * Several blocks merge (servers add up). Must not: resolve host names (the agent does).
 */
import { isIP } from "node:net";
import type { XmlElement } from "../xml/mod.ts";
import type { Draft, ParseContext } from "./context.ts";
import type { ClientConfig, ClientEnrollment, ClientServer } from "./types.ts";
import { DEFAULT_AUTH_PORT, DEFAULT_NOTIFY_TIME_SECONDS, DEFAULT_REMOTE_PORT, DEFAULT_TIME_RECONNECT_SECONDS } from "./defaults.ts";
import { walkSection } from "./section.ts";
import { commaList, readBool, readDuration, readEnum, readPort, readText, valueOf } from "./values.ts";

export function defaultClient(): Draft<ClientConfig> {
  return {
    servers: [], enrollment: { enabled: true, port: DEFAULT_AUTH_PORT, groups: [] },
    notifyTimeSeconds: DEFAULT_NOTIFY_TIME_SECONDS, timeReconnectSeconds: DEFAULT_TIME_RECONNECT_SECONDS,
  };
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** An IP address or a syntactically valid host name; CFG_INVALID_ADDRESS otherwise. */
export function readHost(c: XmlElement, ctx: ParseContext): string | undefined {
  const text = readText(c, ctx.bag);
  if (text === undefined) return undefined;
  if (isIP(text) !== 0 || HOSTNAME.test(text)) return text;
  ctx.bag.error("CFG_INVALID_ADDRESS", `Cannot use <${c.name}> "${text}": it is not an IP address or a host name`, valueOf(c).at);
  return undefined;
}

export function parseClient(el: XmlElement, draft: Draft<ClientConfig>, ctx: ParseContext): void {
  const { bag } = ctx;
  draft.at = el.location;
  walkSection(el, {
    section: "client",
    repeatable: ["server"],
    unsupported: ["config-profile", "crypto_method", "auto_restart", "ip_update_interval", "force_reconnect_interval", "remote_conf"],
    deprecated: { "server-ip": "use <server><address>", "server-hostname": "use <server><address>" },
    options: {
      server: (c) => {
        const server = readServer(c, ctx);
        if (server) draft.servers.push(server);
      },
      enrollment: (c) => {
        const enrollment: Draft<ClientEnrollment> = { ...draft.enrollment, groups: [...draft.enrollment.groups] };
        readEnrollment(c, enrollment, ctx);
        draft.enrollment = enrollment;
      },
      notify_time: (c) => (draft.notifyTimeSeconds = readDuration(c, bag, 1) ?? draft.notifyTimeSeconds),
      "time-reconnect": (c) => (draft.timeReconnectSeconds = readDuration(c, bag, 1) ?? draft.timeReconnectSeconds),
    },
  }, bag);
  if (ctx.role === "manager") bag.warning("CFG_ROLE_IGNORED", "<client> is read by the agent only: the manager ignores it", el.location);
}

function readServer(el: XmlElement, ctx: ParseContext): ClientServer | undefined {
  let address: string | undefined;
  let port = DEFAULT_REMOTE_PORT;
  walkSection(el, {
    section: "client/server",
    unsupported: ["max_retries", "retry_interval"],
    options: {
      address: (c) => (address = readHost(c, ctx)),
      port: (c) => (port = readPort(c, ctx.bag) ?? port),
      protocol: (c) => {
        if (readEnum(c, ctx.bag, ["tcp", "udp"]) === "udp") ctx.bag.warning("CFG_UNSUPPORTED_VALUE", "Riposte agents connect over TCP only: udp is ignored", valueOf(c).at, "write tcp");
      },
    },
  }, ctx.bag);
  if (!el.children.some((c) => c.name === "address")) {
    ctx.bag.error("CFG_MISSING_OPTION", "Cannot use <server>: <address> is missing", el.location, "add <address>192.0.2.10</address>");
  }
  return address === undefined ? undefined : { address, port, protocol: "tcp", at: el.location };
}

function readEnrollment(el: XmlElement, draft: Draft<ClientEnrollment>, ctx: ParseContext): void {
  const { bag } = ctx;
  walkSection(el, {
    section: "client/enrollment",
    unsupported: ["delay_after_enrollment", "ssl_cipher", "server_ca_path", "agent_certificate_path", "agent_key_path", "use_source_ip", "agent_address", "auto_method"],
    options: {
      enabled: (c) => (draft.enabled = readBool(c, bag) ?? draft.enabled),
      manager_address: (c) => (draft.managerAddress = readHost(c, ctx) ?? draft.managerAddress),
      port: (c) => (draft.port = readPort(c, bag) ?? draft.port),
      agent_name: (c) => (draft.agentName = readText(c, bag) ?? draft.agentName),
      groups: (c) => (draft.groups = commaList(valueOf(c).text)),
      authorization_pass_path: (c) => (draft.authorizationPassPath = readText(c, bag) ?? draft.authorizationPassPath),
    },
  }, bag);
}
