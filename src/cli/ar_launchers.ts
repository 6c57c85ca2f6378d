/**
 * Installs Riposte's built-in response launchers into a home's active-response/bin (the
 * only place the execd runs executables from), as symlinks to this checkout's
 * active-response/bin/<name>: the launcher resolves its real path to find the checkout and
 * its Node 24 (node_modules/.bin/node), which a plain copy in the home would not find.
 * Used by `npm start` (bin/start.ts) and, when the folder does not exist yet, by
 * `riposte agent` and `riposte enroll` (`riposte manager`'s home is prepared by `npm start` or by hand).
 * Must not: replace an entry that exists (an operator's own script, or a link they made),
 * or throw (a failure is reported and the daemon runs on; missing entries are refused by
 * the execd's security control).
 */
import { existsSync, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { BUILTIN_ACTION_NAMES } from "../response/mod.ts";

/** This checkout's launchers (active-response/bin beside src/). */
export const CHECKOUT_LAUNCHERS = resolve(import.meta.dirname, "..", "..", "active-response", "bin");

export interface LauncherInstall {
  /** Names linked now. */
  readonly installed: readonly string[];
  /** Names left alone because HOME already has an entry of that name. */
  readonly kept: readonly string[];
  /** Names that could not be linked, with the reason. */
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
}

function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Links every built-in launcher HOME/active-response/bin lacks. */
export function installBuiltinLaunchers(home: string, from: string = CHECKOUT_LAUNCHERS): LauncherInstall {
  const bin = join(home, "active-response", "bin");
  const out = { installed: [] as string[], kept: [] as string[], failed: [] as { name: string; reason: string }[] };
  try {
    mkdirSync(bin, { recursive: true, mode: 0o750 });
  } catch (error: unknown) {
    return { ...out, failed: BUILTIN_ACTION_NAMES.map((name) => ({ name, reason: (error as Error).message })) };
  }
  for (const name of BUILTIN_ACTION_NAMES) {
    const target = join(from, name);
    if (present(join(bin, name))) out.kept.push(name);
    else if (!existsSync(target)) out.failed.push({ name, reason: `${target} does not exist` });
    else {
      try {
        symlinkSync(target, join(bin, name));
        out.installed.push(name);
      } catch (error: unknown) {
        out.failed.push({ name, reason: (error as Error).message });
      }
    }
  }
  return out;
}

/**
 * First start of an agent home: when HOME/active-response/bin does not exist, creates it with
 * the built-in launchers; an existing folder is the operator's and is left as it is.
 * Undefined when nothing was done.
 */
export function setUpActiveResponseBin(home: string, from: string = CHECKOUT_LAUNCHERS): LauncherInstall | undefined {
  if (present(join(home, "active-response", "bin"))) return undefined;
  return installBuiltinLaunchers(home, from);
}
