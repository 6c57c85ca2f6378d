/**
 * Public entry of the configuration: `ossec.conf` (manager and agent) → a typed, validated,
 * deeply frozen Config. parseConfig is pure; loadConfigFiles reads the files.
 */
export type * from "./types.ts";
export { parseConfig, guessRole, type ConfigResult, type ParseConfigOptions } from "./parse_config.ts";
export { loadConfigFiles, type LoadConfigOptions, type LoadConfigResult } from "./load_config_files.ts";
export { parseIpNetwork, type IpNetwork, type NetworkResult } from "./ip_network.ts";
export { configCodes } from "./codes.ts";
export * from "./defaults.ts";
export { resolveHomePath } from "./home_path.ts";
