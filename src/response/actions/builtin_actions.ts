/**
 * The registry of built-in actions by executable name: what the launcher in
 * active-response/bin/<name> runs, and what the execd may run in-process instead of
 * spawning (its `actionFor`). One factory per name; no import side effects.
 * Must not: decide which names a host accepts (the execd's allowlist does).
 */
import { readFileSync } from "node:fs";
import type { ResponseAction } from "../action.ts";
import type { BuiltinHooks } from "./builtin_action.ts";
import type { CommandRunner } from "./command_runner.ts";
import { disableAccount, type DisableAccountOptions } from "./disable_account.ts";
import { firewallDrop, type FirewallDropOptions } from "./firewall_drop.ts";
import { firewalldDrop, type FirewalldDropOptions } from "./firewalld_drop.ts";
import { hostDeny, type HostDenyOptions } from "./host_deny.ts";
import { isolateHost, type IsolateHostOptions } from "./isolate_host.ts";
import { killProcess, type KillProcessOptions } from "./kill_process.ts";
import { notifyWebhook, type NotifyWebhookOptions } from "./notify_webhook.ts";
import { restartAgent, type RestartAgentOptions } from "./restart_agent.ts";
import { routeNull, type RouteNullOptions } from "./route_null.ts";

export const BUILTIN_ACTION_NAMES = [
  "firewall-drop", "firewalld-drop", "host-deny", "route-null", "disable-account",
  "kill-process", "isolate-host", "restart-agent", "notify-webhook",
] as const;

export type BuiltinActionName = (typeof BUILTIN_ACTION_NAMES)[number];

export interface PerActionOptions {
  readonly "firewall-drop"?: FirewallDropOptions;
  readonly "firewalld-drop"?: FirewalldDropOptions;
  readonly "host-deny"?: HostDenyOptions;
  readonly "route-null"?: RouteNullOptions;
  readonly "disable-account"?: DisableAccountOptions;
  readonly "kill-process"?: KillProcessOptions;
  readonly "isolate-host"?: IsolateHostOptions;
  readonly "restart-agent"?: RestartAgentOptions;
  readonly "notify-webhook"?: NotifyWebhookOptions;
}

export interface BuiltinActionOptions extends BuiltinHooks {
  /** The Riposte home (restart-agent's pid file). */
  readonly home?: string;
  /** Run kernel commands inside this network namespace (tests, benches). */
  readonly netns?: string;
  readonly run?: CommandRunner;
  /** Options of one action, merged over the common ones. */
  readonly actions?: PerActionOptions;
}

export function isBuiltinActionName(name: string): name is BuiltinActionName {
  return (BUILTIN_ACTION_NAMES as readonly string[]).includes(name);
}

export function createBuiltinAction(name: BuiltinActionName, options: BuiltinActionOptions = {}): ResponseAction {
  const { actions, ...common } = options;
  const base = Object.fromEntries(Object.entries(common).filter(([, v]) => v !== undefined));
  switch (name) {
    case "firewall-drop": return firewallDrop({ ...base, ...actions?.[name] });
    case "firewalld-drop": return firewalldDrop({ ...base, ...actions?.[name] });
    case "host-deny": return hostDeny({ ...base, ...actions?.[name] });
    case "route-null": return routeNull({ ...base, ...actions?.[name] });
    case "disable-account": return disableAccount({ ...base, ...actions?.[name] });
    case "kill-process": return killProcess({ ...base, ...actions?.[name] });
    case "isolate-host": return isolateHost({ ...base, ...actions?.[name] });
    case "restart-agent": return restartAgent({ ...base, ...actions?.[name] });
    case "notify-webhook": return notifyWebhook({ ...base, ...actions?.[name] });
  }
}

/** The first line after the shebang of every Riposte launcher (active-response/launcher.sh). */
export const LAUNCHER_MARK = "# Riposte built-in response launcher";

/**
 * The in-process action for an executable the execd resolved, when that file is a Riposte
 * launcher (its content carries LAUNCHER_MARK) named after a built-in; undefined otherwise
 * (a custom or Wazuh script of the same name keeps running as a process). Running in-process
 * saves the Node start-up of the launcher (~50–150 ms) and keeps the persistent nft session.
 */
export function builtinForExecutable(path: string, options: BuiltinActionOptions = {}): ResponseAction | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (!isBuiltinActionName(name)) return undefined;
  let head: string;
  try {
    head = readFileSync(path, "utf8").slice(0, 200);
  } catch {
    return undefined;
  }
  return head.split("\n")[1]?.startsWith(LAUNCHER_MARK) ? createBuiltinAction(name, options) : undefined;
}
