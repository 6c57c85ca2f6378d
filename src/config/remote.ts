/**
 * `<remote>`: the manager's listener for agents (`connection` secure, TCP, TLS in Riposte).
 * A syslog listener is a Wazuh feature Riposte does not implement (warning). A second secure
 * listener is an error. Must not: bind anything (the manager does, at build).
 */
import { isIP } from "node:net";
import type { SourceLocation } from "../core/mod.ts";
import type { XmlElement } from "../xml/mod.ts";
import type { Draft, ParseContext } from "./context.ts";
import type { RemoteConfig } from "./types.ts";
import { DEFAULT_REMOTE_PORT } from "./defaults.ts";
import { walkSection } from "./section.ts";
import { where } from "./where.ts";
import { commaList, readEnum, readPort, readText, valueOf } from "./values.ts";

export function defaultRemote(): Draft<RemoteConfig> {
  return { port: DEFAULT_REMOTE_PORT, protocol: "tcp" };
}

const UNSUPPORTED = ["ipv6", "allowed-ips", "denied-ips", "queue_size", "rids_closing_time", "agents", "connection_overtake_time"];

/** `secureAt` is where the first secure listener was defined; returns this block's position if it is secure. */
export function parseRemote(el: XmlElement, draft: Draft<RemoteConfig>, secureAt: SourceLocation | undefined, ctx: ParseContext): SourceLocation | undefined {
  const { bag } = ctx;
  const block: Draft<RemoteConfig> = { ...defaultRemote(), at: el.location };
  let connection = "secure" as "secure" | "syslog" | undefined;
  walkSection(el, {
    section: "remote",
    unsupported: UNSUPPORTED,
    options: {
      connection: (c) => (connection = readEnum(c, bag, ["secure", "syslog"])),
      port: (c) => (block.port = readPort(c, bag) ?? block.port),
      protocol: (c) => readProtocol(c, ctx),
      local_ip: (c) => {
        const ip = readText(c, bag);
        if (ip !== undefined && isIP(ip) === 0) bag.error("CFG_INVALID_ADDRESS", `Cannot use <local_ip> "${ip}": it is not an IP address`, valueOf(c).at);
        else if (ip !== undefined) block.localIp = ip;
      },
    },
  }, bag);
  if (connection === "syslog") {
    bag.warning("CFG_UNSUPPORTED_VALUE", "A syslog <remote> listener is not supported by Riposte: this block is ignored", el.location, "send syslog to a file the agent reads with <localfile>");
    return undefined;
  }
  if (connection === undefined) return undefined;
  if (secureAt) {
    bag.error("CFG_DUPLICATE_SECTION", "Cannot define a second secure <remote>: agents have one listener", el.location, `the first is at ${where(secureAt, el.location)}`);
    return undefined;
  }
  Object.assign(draft, block);
  if (ctx.role === "agent") bag.warning("CFG_ROLE_IGNORED", "<remote> is read by the manager only: the agent ignores it", el.location);
  return el.location;
}

function readProtocol(c: XmlElement, ctx: ParseContext): void {
  const v = valueOf(c);
  const items = commaList(v.text.toLowerCase());
  if (items.length === 0 || items.some((p) => p !== "tcp" && p !== "udp")) {
    ctx.bag.error("CFG_INVALID_VALUE", `Cannot use <protocol> "${v.text}": it must be tcp, udp or tcp,udp`, v.at, "write tcp");
    return;
  }
  if (items.includes("udp")) ctx.bag.warning("CFG_UNSUPPORTED_VALUE", "Riposte agents connect over TCP only: udp is ignored", v.at, "write tcp");
}
