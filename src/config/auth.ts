/**
 * `<auth>`: the enrollment service. Implemented: disabled, port, use_password (the password
 * is `HOME/etc/authd.pass`); the other Wazuh options are warnings. Several blocks merge.
 */
import type { XmlElement } from "../xml/mod.ts";
import type { Draft, ParseContext } from "./context.ts";
import type { AuthConfig } from "./types.ts";
import { DEFAULT_AUTH_PORT } from "./defaults.ts";
import { walkSection } from "./section.ts";
import { readBool, readPort } from "./values.ts";

export function defaultAuth(): Draft<AuthConfig> {
  return { disabled: false, port: DEFAULT_AUTH_PORT, usePassword: false };
}

const UNSUPPORTED = [
  "use_source_ip", "purge", "force", "force_insert", "force_time", "limit_maxagents", "ciphers", "ssl_agent_ca",
  "ssl_verify_host", "ssl_manager_cert", "ssl_manager_key", "ssl_auto_negotiate", "key_request", "ipv6", "remote_enrollment",
];

export function parseAuth(el: XmlElement, draft: Draft<AuthConfig>, ctx: ParseContext): void {
  const { bag } = ctx;
  draft.at = el.location;
  walkSection(el, {
    section: "auth",
    unsupported: UNSUPPORTED,
    options: {
      disabled: (c) => (draft.disabled = readBool(c, bag) ?? draft.disabled),
      port: (c) => (draft.port = readPort(c, bag) ?? draft.port),
      use_password: (c) => (draft.usePassword = readBool(c, bag) ?? draft.usePassword),
    },
  }, bag);
  if (ctx.role === "agent") bag.warning("CFG_ROLE_IGNORED", "<auth> is read by the manager only: the agent ignores it", el.location);
}
