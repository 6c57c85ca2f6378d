/**
 * Public entry of the built-in response actions: each one module shared by the executable
 * (active-response/bin/<name>, via runActionScript) and the agent (in-process, via
 * createBuiltinAction), the firewall backends with batched updates, and reconciliation of
 * the kernel with the durable list of active blocks.
 */
export { BUILTIN_ACTION_NAMES, LAUNCHER_MARK, builtinForExecutable, createBuiltinAction, isBuiltinActionName, type BuiltinActionName, type BuiltinActionOptions, type PerActionOptions } from "./builtin_actions.ts";
export { builtinAction, type BuiltinHooks, type BuiltinSpec, type RunContext } from "./builtin_action.ts";
export { ActionError, type ActionCode } from "./action_error.ts";
export { actionCodes } from "./codes.ts";
export { createCommandRunner, type CommandRunner, type CommandResult, type RunnerOptions } from "./command_runner.ts";
export { NFT_TABLE, IPTABLES_CHAIN, type Firewall, type BlockEntry, type KernelBlock } from "./firewall.ts";
export { NFT_PRIORITY, NftFirewall, nftSetupScript } from "./nft_firewall.ts";
export { IptablesFirewall } from "./iptables_firewall.ts";
export {
  firewallDrop, createFirewall, blockTarget, DEFAULT_KERNEL_TIMEOUT_SEC, KERNEL_GRACE_SEC,
  type FirewallDropOptions, type FirewallOptions, type FirewallBackend, type CutMode,
} from "./firewall_drop.ts";
export { BlockLeases, RENEW_TICK_MS } from "./block_leases.ts";
export { reconcileFirewall, type DesiredBlock, type ReconcileOptions, type ReconcileReport } from "./reconcile.ts";
export { firewalldDrop, type FirewalldDropOptions } from "./firewalld_drop.ts";
export { hostDeny, hostDenyLine, DEFAULT_HOSTS_DENY, type HostDenyOptions } from "./host_deny.ts";
export { routeNull, type RouteNullOptions } from "./route_null.ts";
export { disableAccount, type DisableAccountOptions } from "./disable_account.ts";
export { killProcess, type KillProcessOptions } from "./kill_process.ts";
export { isolateHost, ISOLATE_TABLE, type IsolateHostOptions } from "./isolate_host.ts";
export { restartAgent, AGENT_PID_FILE, type RestartAgentOptions } from "./restart_agent.ts";
export { notifyWebhook, type NotifyWebhookOptions } from "./notify_webhook.ts";
export { runActionScript, positionalMessage, type ScriptIo } from "./script_main.ts";
