/**
 * The execd security control (wazuh-ar.md §3.2, DESIGN §2): a response name resolves to an
 * executable only through the allowlist (ar.conf), or `!name` for an explicit custom
 * command; names and executables are plain file names ([A-Za-z0-9._-], no `..`, no slash,
 * not absolute), so a name can only designate an entry of the host's own
 * `active-response/bin`; that entry must resolve to a regular executable file that others
 * cannot write (a symlink the operator placed there, e.g. to the installed built-ins, is
 * followed).
 * Checked at every run, so a script installed later is found (§8.2(i) fixed).
 * Must not: spawn, or trust anything from the message beyond the name.
 */
import { accessSync, constants, statSync } from "node:fs";
import { join } from "node:path";
import type { Allowlist } from "../../response/mod.ts";

export interface ResolvedCommand {
  /** The name as received (`firewall-drop600`, `!custom.sh`). */
  readonly name: string;
  readonly executable: string;
  /** Absolute path that will run. */
  readonly path: string;
  /** Relative path Wazuh puts in `parameters.program` and in log lines. */
  readonly program: string;
  /** 0 for custom commands and stateless responses. */
  readonly timeoutSec: number;
  readonly legacyArgs: boolean;
  readonly custom: boolean;
}

export type Resolution =
  | { readonly ok: true; readonly command: ResolvedCommand }
  | { readonly ok: false; readonly code: "EXECD_UNKNOWN_NAME" | "EXECD_UNSAFE_NAME" | "EXECD_NOT_PRESENT"; readonly reason: string };

const SAFE_FILE = /^[A-Za-z0-9._-]{1,255}$/;

/** A plain file name: safe characters, not `.`/`..`, no `..` anywhere, no leading dash. */
export function isSafeFileName(name: string): boolean {
  return SAFE_FILE.test(name) && !name.includes("..") && name !== "." && !name.startsWith("-");
}

function present(binDir: string, executable: string): string | undefined {
  const path = join(binDir, executable);
  try {
    const st = statSync(path);
    if (!st.isFile() || (st.mode & 0o002) !== 0) return undefined;
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined; // absent, dangling, or not executable: reported as not present
  }
}

export function resolveCommand(name: string, home: string, allowlist: Allowlist): Resolution {
  const binDir = join(home, "active-response", "bin");
  const custom = name.startsWith("!");
  const entries = custom
    ? [{ executable: name.slice(1), timeoutSec: 0, legacyArgs: false }]
    : allowlist.get(name);
  if (!entries || entries.length === 0) return { ok: false, code: "EXECD_UNKNOWN_NAME", reason: `response name "${printable(name)}" is not in the allowlist` };
  let sawSafe = false;
  for (const e of entries) {
    if (!isSafeFileName(e.executable)) continue;
    sawSafe = true;
    const path = present(binDir, e.executable);
    if (!path) continue;
    // Wazuh compat: `!` custom commands are always stateless (timeout 0).
    const command = { name, executable: e.executable, path, program: `active-response/bin/${e.executable}`, timeoutSec: custom ? 0 : e.timeoutSec, legacyArgs: e.legacyArgs, custom };
    return { ok: true, command: Object.freeze(command) };
  }
  if (!sawSafe) return { ok: false, code: "EXECD_UNSAFE_NAME", reason: `executable of "${printable(name)}" is not a plain file name` };
  return { ok: false, code: "EXECD_NOT_PRESENT", reason: `no executable for "${printable(name)}" inside active-response/bin (absent, not executable, or writable by others)` };
}

/** A bounded, single-line rendering of hostile text for reasons. */
function printable(text: string): string {
  const t = JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
  return t.slice(1, -1);
}
