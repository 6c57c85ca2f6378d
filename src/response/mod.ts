/**
 * Public entry of response: the Wazuh active-response contract shared by the manager's
 * dispatch and the agent's execd (protocol, naming, binding, whitelist, self-protection,
 * allowlist) and the ResponseAction plug-in shape with ExecutableAction.
 */
export * from "./protocol.ts";
export * from "./alert_targets.ts";
export * from "./whitelist.ts";
export * from "./self_guard.ts";
export * from "./response_definition.ts";
export * from "./binding.ts";
export * from "./allowlist.ts";
export * from "./from_config.ts";
export type * from "./action.ts";
export type * from "./execution_result.ts";
export * from "./executable_action.ts";
export { legacyArgv } from "./legacy_args.ts";
export * from "./wire_result.ts";
export { arLogLine, arLogTimestamp } from "./ar_log_line.ts";
export { responseCodes } from "./codes.ts";
export * from "./actions/mod.ts";
export * from "./circuit_breaker.ts";
export * from "./response_safety.ts";
export * from "./repeated_offenders.ts";
export * from "./safety_from_config.ts";
export { safetyCodes } from "./safety_codes.ts";
export { childProcessStarter, type ProcessStarter, type ResponseProcess, type StartOptions } from "./response_process.ts";
export { nativeStarter, responseStarter } from "./native_spawner.ts";
