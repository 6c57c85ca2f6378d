/**
 * uid → user name and gid → group name from /etc/passwd and /etc/group (what getpwuid and
 * getgrgid read on a host without NSS modules), cached; an unknown id re-reads the files at
 * most once a minute. An id without a name gives "" (Wazuh sends an empty name too).
 * Must not: spawn anything (no `id`, no `getent`).
 */
import { readFileSync } from "node:fs";

export interface UserNames {
  user(uid: number): string;
  group(gid: number): string;
}

const REFRESH_MS = 60_000;

export function createUserNames(passwd = "/etc/passwd", group = "/etc/group", now: () => number = Date.now): UserNames {
  let users = new Map<number, string>();
  let groups = new Map<number, string>();
  let loadedAt = -Infinity;
  const load = () => {
    users = parseIds(passwd);
    groups = parseIds(group);
    loadedAt = now();
  };
  const lookup = (map: () => Map<number, string>, id: number): string => {
    if (!map().has(id) && now() - loadedAt >= REFRESH_MS) load();
    return map().get(id) ?? "";
  };
  return { user: (uid) => lookup(() => users, uid), group: (gid) => lookup(() => groups, gid) };
}

/** name:x:id:… lines → id → first name seen. */
function parseIds(file: string): Map<number, string> {
  const out = new Map<number, string>();
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // No such database (minimal containers): every id stays nameless.
    return out;
  }
  for (const line of text.split("\n")) {
    const [name, , id] = line.split(":");
    const n = Number(id);
    if (name && id !== undefined && id !== "" && Number.isInteger(n) && !out.has(n)) out.set(n, name);
  }
  return out;
}
