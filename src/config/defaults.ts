/**
 * Every default of the configuration, as a named constant with its unit. Documented once in
 * docs/configuration.md. Must not: hold anything computed at run time.
 */

/** `<remote><port>`: agents connect here (TCP). */
export const DEFAULT_REMOTE_PORT = 1514;
/** `<auth><port>`: enrollment. */
export const DEFAULT_AUTH_PORT = 1515;
/** `<cluster><port>`. */
export const DEFAULT_CLUSTER_PORT = 1516;
/** `<api><port>`. */
export const DEFAULT_API_PORT = 55000;
/** `<api><host>`: loopback unless the operator opens it. */
export const DEFAULT_API_HOST = "127.0.0.1";
/** `<global><agents_disconnection_time>`, seconds (Wazuh: 10m; stock config 15m). */
export const DEFAULT_AGENTS_DISCONNECTION_TIME_SECONDS = 600;
/** `<localfile><frequency>` for command formats, seconds. */
export const DEFAULT_COMMAND_FREQUENCY_SECONDS = 360;
/** `<syscheck><frequency>`, seconds (12 hours). */
export const DEFAULT_SYSCHECK_FREQUENCY_SECONDS = 43_200;
/** `<syscheck><directories recursion_level>`, directory levels. */
export const DEFAULT_SYSCHECK_RECURSION_LEVEL = 256;
/** Largest `recursion_level` Wazuh accepts. */
export const MAX_SYSCHECK_RECURSION_LEVEL = 320;
/** `<syscheck><max_eps>`, events per second (0 = unlimited). */
export const DEFAULT_SYSCHECK_MAX_EPS = 50;
/** `<client><notify_time>`, seconds between keep-alives. */
export const DEFAULT_NOTIFY_TIME_SECONDS = 10;
/** `<client><time-reconnect>`, seconds of silence before reconnecting. */
export const DEFAULT_TIME_RECONNECT_SECONDS = 60;
/** `<cluster><name>` and `<node_name>` (Wazuh defaults). */
export const DEFAULT_CLUSTER_NAME = "wazuh";
export const DEFAULT_CLUSTER_NODE_NAME = "node01";
/** Rule levels are 0..16; 0 in `<active-response><level>` means "not set". */
export const MAX_RULE_LEVEL = 16;
export const MAX_PORT = 65_535;

/**
 * Riposte's response circuit breaker: at most 1000 new responses per minute over all blocks
 * (a flood of distinct sources is more likely a mistake or a spoofed storm than 1000 real
 * attackers); an open breaker closes after 5 minutes without a response attempted.
 */
export const DEFAULT_AR_BREAKER = Object.freeze({ maxPerWindow: 1000, windowSeconds: 60, quietSeconds: 300 });
