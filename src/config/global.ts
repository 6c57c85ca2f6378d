/**
 * `<global>`: the white list (IPv4 and IPv6 addresses, CIDRs, IPv4 netmasks) and the global
 * options Riposte implements; the other Wazuh options are warnings. Several `<global>`
 * blocks merge (lists add up, the last scalar wins), as in Wazuh.
 */
import type { XmlElement } from "../xml/mod.ts";
import type { Draft, ParseContext } from "./context.ts";
import type { GlobalConfig, WhiteListEntry } from "./types.ts";
import { DEFAULT_AGENTS_DISCONNECTION_TIME_SECONDS, DEFAULT_AR_BREAKER } from "./defaults.ts";
import { walkSection } from "./section.ts";
import { commaList, readBool, readDuration, readInt, valueOf } from "./values.ts";
import { parseIpNetwork } from "./ip_network.ts";

export function defaultGlobal(): Draft<GlobalConfig> {
  return {
    whiteList: [], jsonoutOutput: true, agentsDisconnectionTimeSeconds: DEFAULT_AGENTS_DISCONNECTION_TIME_SECONDS,
    protectedNetworks: [], arBreaker: { ...DEFAULT_AR_BREAKER },
  };
}

const UNSUPPORTED = [
  "alerts_log", "logall", "logall_json", "email_notification", "email_to", "email_from", "email_reply_to",
  "email_maxperhour", "email_log_source", "email_idsname", "smtp_server", "helo_server", "stats",
  "memory_size", "host_information", "prelude_output", "prelude_profile", "prelude_log_level",
  "zeromq_output", "zeromq_uri", "zeromq_server_cert", "zeromq_client_cert", "geoip_db_path",
  "geoipv6_db_path", "custom_alert_output", "rotate_interval", "max_output_size", "queue_size",
  "agents_disconnection_alert_time", "limits", "update_check", "picviz_output", "picviz_socket",
] as const;

export function parseGlobal(el: XmlElement, draft: Draft<GlobalConfig>, ctx: ParseContext): void {
  const { bag } = ctx;
  walkSection(el, {
    section: "global",
    repeatable: ["white_list", "protected_networks"],
    unsupported: UNSUPPORTED,
    options: {
      white_list: (c) => {
        const entry = parseWhiteListEntry(c, ctx);
        if (entry) draft.whiteList.push(entry);
      },
      jsonout_output: (c) => (draft.jsonoutOutput = readBool(c, bag) ?? draft.jsonoutOutput),
      agents_disconnection_time: (c) => (draft.agentsDisconnectionTimeSeconds = readDuration(c, bag, 1) ?? draft.agentsDisconnectionTimeSeconds),
      protected_networks: (c) => draft.protectedNetworks.push(...parseProtectedNetworks(c, ctx)),
      ar_max_per_window: (c) => (draft.arBreaker = { ...draft.arBreaker, maxPerWindow: readInt(c, bag, { min: 0, max: 10_000_000 }) ?? draft.arBreaker.maxPerWindow }),
      ar_breaker_window: (c) => (draft.arBreaker = { ...draft.arBreaker, windowSeconds: readDuration(c, bag, 1) ?? draft.arBreaker.windowSeconds }),
      ar_breaker_quiet: (c) => (draft.arBreaker = { ...draft.arBreaker, quietSeconds: readDuration(c, bag, 0) ?? draft.arBreaker.quietSeconds }),
    },
  }, bag);
}

/** An address-looking value (digits, dots, slashes, or any colon) must be a valid network. */
const ADDRESS_LIKE = /^[\d./]+$|:/;

/**
 * Wazuh compat: values that are not IPv4 go to Wazuh's host-name list, matched as a substring
 * of the source IP string. Riposte matches addresses only (real CIDR for both families), so a
 * host-name entry is a warning and ignored; `!` entries are ignored too (broken in Wazuh,
 * wazuh-ar.md §8.2e).
 */
export function parseWhiteListEntry(el: XmlElement, ctx: ParseContext): WhiteListEntry | undefined {
  const v = valueOf(el);
  if (v.text === "") {
    ctx.bag.error("CFG_EMPTY_VALUE", "Cannot use <white_list>: the value is empty", v.at);
    return undefined;
  }
  if (v.text.startsWith("!")) {
    ctx.bag.warning("CFG_WHITELIST_NEGATION", `White list entry "${v.text}" is negated: Riposte ignores it`, v.at, "remove the entry; a white list only adds addresses");
    return undefined;
  }
  if (!ADDRESS_LIKE.test(v.text)) {
    ctx.bag.warning("CFG_WHITELIST_HOSTNAME", `White list entry "${v.text}" is not an address: Riposte ignores it`, v.at, "write an IPv4 or IPv6 address or CIDR");
    return undefined;
  }
  const result = parseIpNetwork(v.text);
  if (!result.ok) {
    ctx.bag.error("CFG_INVALID_ADDRESS", `Cannot use white list entry "${v.text}": ${result.reason}`, v.at, "write an address (192.0.2.1, 2001:db8::1) or a network (10.0.0.0/8, 10.0.0.0/255.0.0.0, 2001:db8::/32)");
    return undefined;
  }
  return { text: v.text, ...result.network, at: v.at };
}

/** Riposte `<protected_networks>`: addresses or networks, comma-separated, never blocked by any IP response. */
function parseProtectedNetworks(el: XmlElement, ctx: ParseContext): WhiteListEntry[] {
  const v = valueOf(el);
  const items = commaList(v.text);
  if (items.length === 0) ctx.bag.error("CFG_EMPTY_VALUE", "Cannot use <protected_networks>: the value is empty", v.at, "write addresses or networks, e.g. 10.0.0.0/8, 2001:db8::/32");
  const out: WhiteListEntry[] = [];
  for (const text of items) {
    const result = parseIpNetwork(text);
    if (result.ok) out.push({ text, ...result.network, at: v.at });
    else ctx.bag.error("CFG_INVALID_ADDRESS", `Cannot use protected network "${text}": ${result.reason}`, v.at, "write an address (192.0.2.1) or a network (10.0.0.0/8, 2001:db8::/32)");
  }
  return out;
}
