/**
 * `<api>`: Riposte's REST API and dashboard (a Riposte section; Wazuh configures its API
 * elsewhere). Users are `<user><name/><password_hash/><role/></user>`; the hash is checked
 * by the API, not here. Must not: open sockets or read password files.
 */
import { isIP } from "node:net";
import type { XmlElement } from "../xml/mod.ts";
import type { Draft, ParseContext } from "./context.ts";
import type { ApiConfig, ApiRole, ApiUser } from "./types.ts";
import { DEFAULT_API_HOST, DEFAULT_API_PORT } from "./defaults.ts";
import { walkSection } from "./section.ts";
import { where } from "./where.ts";
import { readBool, readEnum, readPort, readText, valueOf } from "./values.ts";

export function defaultApi(): Draft<ApiConfig> {
  return { disabled: false, host: DEFAULT_API_HOST, port: DEFAULT_API_PORT, users: [] };
}

const ROLES: readonly ApiRole[] = ["read-only", "responder", "admin"];
const USER_NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

export function parseApi(el: XmlElement, draft: Draft<ApiConfig>, ctx: ParseContext): void {
  const { bag } = ctx;
  draft.at = el.location;
  walkSection(el, {
    section: "api",
    repeatable: ["user"],
    options: {
      disabled: (c) => (draft.disabled = readBool(c, bag) ?? draft.disabled),
      host: (c) => {
        const host = readText(c, bag);
        if (host !== undefined && isIP(host) === 0 && host !== "localhost") bag.error("CFG_INVALID_ADDRESS", `Cannot use <host> "${host}": it is not an IP address`, valueOf(c).at, "write 127.0.0.1, 0.0.0.0 or ::");
        else if (host !== undefined) draft.host = host;
      },
      port: (c) => (draft.port = readPort(c, bag) ?? draft.port),
      user: (c) => {
        const user = readUser(c, ctx);
        if (!user) return;
        const first = draft.users.find((u) => u.name === user.name);
        if (first) bag.error("CFG_DUPLICATE_USER", `Cannot define API user "${user.name}" twice`, user.at, `the first definition is at ${where(first.at, user.at)}`);
        else draft.users.push(user);
      },
    },
  }, bag);
  if (ctx.role === "agent") bag.warning("CFG_ROLE_IGNORED", "<api> is read by the manager only: the agent ignores it", el.location);
}

function readUser(el: XmlElement, ctx: ParseContext): ApiUser | undefined {
  const { bag } = ctx;
  let name: string | undefined;
  let passwordHash: string | undefined;
  let role: ApiRole | undefined;
  walkSection(el, {
    section: "api/user",
    options: {
      name: (c) => {
        name = readText(c, bag);
        if (name !== undefined && !USER_NAME.test(name)) {
          bag.error("CFG_INVALID_VALUE", `Cannot use API user name "${name}"`, valueOf(c).at, "use up to 64 letters, digits, \".\", \"_\", \"@\" and \"-\"");
          name = undefined;
        }
      },
      password_hash: (c) => (passwordHash = readText(c, bag)),
      role: (c) => (role = readEnum(c, bag, ROLES)),
    },
  }, bag);
  let complete = true;
  for (const option of ["name", "password_hash", "role"]) {
    if (!el.children.some((c) => c.name === option)) {
      bag.error("CFG_MISSING_OPTION", `Cannot define API <user>: <${option}> is missing`, el.location);
      complete = false;
    }
  }
  if (!complete || name === undefined || passwordHash === undefined || role === undefined) return undefined;
  return { name, passwordHash, role, at: el.location };
}
