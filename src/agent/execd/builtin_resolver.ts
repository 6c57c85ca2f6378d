/**
 * Runs Riposte's own built-in responses in-process (DESIGN §4: "spawn/in-process action"):
 * when the entry of active-response/bin is Riposte's launcher for a built-in (recognised by
 * its content, so an operator who replaces the file with their own script gets their
 * script), the execd calls the built-in's ResponseAction directly instead of starting a
 * Node process per response. One action object per built-in, so batching backends batch.
 * Must not: run anything the security control has not resolved first.
 */
import { openSync, readSync, closeSync, statSync } from "node:fs";
import type { Clock } from "../../core/mod.ts";
import { createBuiltinAction, isBuiltinActionName, type PerActionOptions, type ResponseAction } from "../../response/mod.ts";
import type { ActionTarget } from "./execd.ts";

/** The marker line of active-response/bin launchers (see active-response/bin/*). */
export const LAUNCHER_MARK = "Riposte built-in response launcher";

/** True when `path` (followed) starts with Riposte's launcher header. */
export function isLauncher(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8").includes(LAUNCHER_MARK);
  } catch {
    return false; // unreadable: let the spawn path report it
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface BuiltinResolverOptions {
  readonly home: string;
  readonly clock: Clock;
  /** Run the built-ins' kernel commands inside this network namespace (tests). */
  readonly netns?: string;
  /** Per-action options (e.g. the firewall shared with reconciliation at start). */
  readonly actions?: PerActionOptions;
}

export function createBuiltinResolver(o: BuiltinResolverOptions): (command: ActionTarget, hooks: { readonly log: (line: string) => void }) => ResponseAction | undefined {
  const actions = new Map<string, ResponseAction>();
  const seen = new Map<string, { key: string; launcher: boolean }>();
  const launcher = (path: string): boolean => {
    let key = "";
    try {
      const st = statSync(path);
      key = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      return false;
    }
    const cached = seen.get(path);
    if (cached?.key === key) return cached.launcher;
    const result = isLauncher(path);
    seen.set(path, { key, launcher: result });
    return result;
  };
  return (command, hooks) => {
    const name = command.executable;
    if (!isBuiltinActionName(name) || command.legacyArgs || !launcher(command.path)) return undefined;
    let action = actions.get(name);
    if (!action) {
      action = createBuiltinAction(name, {
        home: o.home, clock: o.clock, log: hooks.log,
        ...(o.netns === undefined ? {} : { netns: o.netns }), ...(o.actions ? { actions: o.actions } : {}),
      });
      actions.set(name, action);
    }
    return action;
  };
}
