/**
 * The configuration model: what `ossec.conf` means once parsed and validated. Every type here
 * is what the daemons, log collection, FIM, the response engine and the ruleset loader read.
 *
 * Contract: a `Config` handed out by parseConfig/loadConfigFiles is deeply frozen, fully
 * validated and carries defaults for everything not written. Consumers MUST NOT re-read the
 * XML. Every parsed item keeps `at`, the position of its element, so later stages can point
 * at the source. Durations are in seconds (`…Seconds`) or minutes (`…Minutes`), as named.
 * Must not: hold behaviour; parsing lives in the section files, defaults in defaults.ts.
 */
import type { SourceLocation } from "../core/mod.ts";

/** Which daemon reads the configuration. It decides which sections matter (see Config). */
export type Role = "manager" | "agent";

/** One `<global><white_list>` entry, normalised to a network (a bare address is /32 or /128). */
export interface WhiteListEntry {
  /** The value as written (`10.0.0.0/255.0.0.0`, `::1`). */
  readonly text: string;
  readonly family: 4 | 6;
  /** The network address, canonical form (`10.0.0.0`, `2001:db8::`). `::ffff:a.b.c.d` maps to IPv4. */
  readonly address: string;
  /** Prefix length: 0..32 for IPv4, 0..128 for IPv6. */
  readonly prefix: number;
  readonly at: SourceLocation;
}

export interface GlobalConfig {
  /** Addresses never blocked by rule-triggered responses (IPv4 and IPv6, CIDR matching). */
  readonly whiteList: readonly WhiteListEntry[];
  /** Write `logs/alerts/alerts.json`. */
  readonly jsonoutOutput: boolean;
  /** An agent silent for this long is disconnected; responses to it are dropped after it. */
  readonly agentsDisconnectionTimeSeconds: number;
  /** Riposte: networks never blocked by any IP response (admin networks, jump hosts); `<protected_networks>`. */
  readonly protectedNetworks: readonly WhiteListEntry[];
  /** Riposte: the response circuit breaker (`<ar_max_per_window>`, `<ar_breaker_window>`, `<ar_breaker_quiet>`). */
  readonly arBreaker: ArBreakerConfig;
}

/** Riposte's response circuit breaker, global part (per-block limits are on ActiveResponseConfig). */
export interface ArBreakerConfig {
  /** New responses per window, all blocks together; 0 = no global limit. */
  readonly maxPerWindow: number;
  readonly windowSeconds: number;
  /** An open breaker closes after this long without a response attempted. */
  readonly quietSeconds: number;
}

/** One `<command>`: a named response executable. */
export interface CommandConfig {
  /** Unique, case-sensitive, never starts with `!`. */
  readonly name: string;
  /** A plain file name inside the agent's `active-response/bin/` (no `/`, no `..`). */
  readonly executable: string;
  readonly timeoutAllowed: boolean;
  /** `<extra_args>` split on single spaces (Wazuh compat: no quoting), empty pieces dropped. */
  readonly extraArgs: readonly string[];
  readonly at: SourceLocation;
}

/** Where a response runs (Wazuh `<location>`). Precedence when several are written: server > all > defined-agent > local. */
export type ArLocation = "local" | "server" | "defined-agent" | "all";

/**
 * One `<active-response>` binding (manager meaning, Wazuh §1.2). Blocks without
 * `<command>` are agent-side settings only (see ExecdConfig) and are not listed here.
 * Consumers MUST skip bindings with `disabled: true` (they are kept for listing only).
 */
export interface ActiveResponseConfig {
  /** Wazuh's response name: `<command><timeout>`, e.g. `firewall-drop600`. */
  readonly name: string;
  /** The `<command>` name it runs; always defined before this block. */
  readonly command: string;
  readonly executable: string;
  readonly location: ArLocation;
  /** Target agents for `defined-agent`, 3-digit ids (`"001"`); never `"000"`. Riposte allows a comma list. */
  readonly agentIds: readonly string[];
  /** Riposte: target every agent of these groups (with `defined-agent`). */
  readonly agentGroups: readonly string[];
  /** Rule ids that trigger the response (`<rules_id>`), empty when not set. */
  readonly rulesId: readonly number[];
  /** OS_Regex matched against the rule's group string; undefined when not set. */
  readonly rulesGroup?: string;
  /** Minimum rule level 1..16; undefined when not set (Wazuh: 0 means not set). */
  readonly level?: number;
  /** 0 = stateless. Forced to 0 when the command lacks timeout_allowed (Wazuh compat). */
  readonly timeoutSeconds: number;
  readonly disabled: boolean;
  /** Riposte: alert only, never execute (`<dry_run>yes</dry_run>`). */
  readonly dryRun: boolean;
  /** Riposte: this block's circuit-breaker limit (new responses per `<ar_breaker_window>`); 0 = none. */
  readonly maxPerWindow: number;
  readonly at: SourceLocation;
}

/**
 * The agent-side meaning of `<active-response>` (Wazuh §1.3), read by the execd of the host
 * that executes responses (agents, and the manager's own local agent).
 */
export interface ExecdConfig {
  /** From the FIRST `<active-response><disabled>` in the configuration (Wazuh compat). */
  readonly disabled: boolean;
  /** From the first block that has `<repeated_offenders>`: escalation steps in minutes; empty = off. */
  readonly repeatedOffendersMinutes: readonly number[];
  /**
   * Riposte, from the first block that has `<protect_ssh_sessions>`: never block the source of
   * an SSH session established on this host (read with `ss` before each IP response).
   */
  readonly protectSshSessions: boolean;
}

/**
 * Log formats Riposte reads. Others Wazuh has (multi-line:N included, until the log
 * collector reads it) are warnings and the localfile is skipped.
 */
export type LogFormat = "syslog" | "json" | "journald" | "command" | "full_command";

/** One journald filter (`<filter field="_SYSTEMD_UNIT">^ssh.service$</filter>`). */
export interface JournaldFilter {
  readonly field: string;
  /** A regular expression on the field's value (PCRE2 syntax in Wazuh). */
  readonly expression: string;
  readonly ignoreIfMissing: boolean;
}

export interface LocalfileConfig {
  readonly logFormat: LogFormat;
  /**
   * File path or glob for file formats (`*`, `?`, `[…]` allowed), `journald` for journald.
   * A relative path is resolved against the Riposte home by the reader (see docs/configuration.md).
   * Undefined for command formats.
   */
  readonly location?: string;
  readonly hasWildcard: boolean;
  /** For `command`/`full_command`: the command line, as written (operator input). */
  readonly command?: string;
  /** Replaces the command line as the event's location. */
  readonly alias?: string;
  /** For commands: run every this many seconds. */
  readonly frequencySeconds: number;
  /** Start at the end of the file (yes, default) or read what was written while stopped. */
  readonly onlyFutureEvents: boolean;
  readonly filters: readonly JournaldFilter[];
  readonly at: SourceLocation;
}

/** What FIM records for a directory (`check_*` attributes; check_all is the default). */
export interface SyscheckChecks {
  readonly md5: boolean;
  readonly sha1: boolean;
  readonly sha256: boolean;
  readonly size: boolean;
  readonly owner: boolean;
  readonly group: boolean;
  readonly perm: boolean;
  readonly mtime: boolean;
  readonly inode: boolean;
}

export interface SyscheckDirectory {
  /** Absolute path (one per entry; a comma list in the XML yields several entries). */
  readonly path: string;
  readonly realtime: boolean;
  readonly reportChanges: boolean;
  readonly checks: SyscheckChecks;
  /** Maximum depth below `path` (Wazuh default 256). */
  readonly recursionLevel: number;
  /** Only files matching this sregex (OS_Match) are watched; undefined = all. */
  readonly restrict?: string;
  readonly tags: readonly string[];
  readonly followSymbolicLink: boolean;
  readonly at: SourceLocation;
}

/** A path filter: an exact path prefix (`path`) or an OS_Match pattern (`sregex`). */
export interface SyscheckFilter {
  readonly kind: "path" | "sregex";
  readonly value: string;
  readonly at: SourceLocation;
}

export interface SyscheckConfig {
  readonly disabled: boolean;
  readonly frequencySeconds: number;
  readonly scanOnStart: boolean;
  readonly alertNewFiles: boolean;
  readonly directories: readonly SyscheckDirectory[];
  readonly ignore: readonly SyscheckFilter[];
  readonly nodiff: readonly SyscheckFilter[];
  readonly skipNfs: boolean;
  readonly skipDev: boolean;
  readonly skipProc: boolean;
  readonly skipSys: boolean;
  /** Maximum events per second FIM sends; 0 = unlimited. */
  readonly maxEps: number;
}

/** A path in `<ruleset>`: as written, and resolved against the directory of its config file. */
export interface RulesetPath {
  readonly path: string;
  readonly resolved: string;
  readonly at: SourceLocation;
}

export interface RulesetDir extends RulesetPath {
  /** Wazuh `pattern` attribute: only file names matching it are loaded (default `.xml$`). */
  readonly pattern?: string;
}

export interface RulesetExclude {
  /** A file name (not a path) to skip in the directories. */
  readonly name: string;
  readonly at: SourceLocation;
}

/** Load order is the order written (Wazuh compat). */
export interface RulesetConfig {
  readonly decoderDirs: readonly RulesetDir[];
  readonly ruleDirs: readonly RulesetDir[];
  readonly decoderFiles: readonly RulesetPath[];
  readonly ruleFiles: readonly RulesetPath[];
  readonly decoderExcludes: readonly RulesetExclude[];
  readonly ruleExcludes: readonly RulesetExclude[];
  /** CDB lists (`<list>`), without the `.cdb` suffix as in Wazuh. */
  readonly lists: readonly RulesetPath[];
}

/** The manager's agent listener (`<remote>` with `connection` secure). */
export interface RemoteConfig {
  /** 0 = any free port (written to `HOME/var/run/ports.json`). */
  readonly port: number;
  readonly protocol: "tcp";
  /** Address to bind; undefined = all addresses. */
  readonly localIp?: string;
  readonly at?: SourceLocation;
}

/** Enrollment service (`<auth>`). */
export interface AuthConfig {
  readonly disabled: boolean;
  /** 0 = any free port. */
  readonly port: number;
  /** Require `HOME/etc/authd.pass` from enrolling agents. */
  readonly usePassword: boolean;
  readonly at?: SourceLocation;
}

export interface ClientServer {
  /** IP address or host name. */
  readonly address: string;
  readonly port: number;
  readonly protocol: "tcp";
  readonly at: SourceLocation;
}

export interface ClientEnrollment {
  readonly enabled: boolean;
  /** Defaults to the first server's address when undefined. */
  readonly managerAddress?: string;
  readonly port: number;
  readonly agentName?: string;
  readonly groups: readonly string[];
  /** File holding the enrollment password. */
  readonly authorizationPassPath?: string;
}

/** The agent's connection to its manager (`<client>`). Servers are tried in order. */
export interface ClientConfig {
  readonly servers: readonly ClientServer[];
  readonly enrollment: ClientEnrollment;
  /** Keep-alive interval in seconds. */
  readonly notifyTimeSeconds: number;
  /** Reconnect when nothing was heard for this many seconds. */
  readonly timeReconnectSeconds: number;
  readonly at?: SourceLocation;
}

/** `<cluster>`: parsed for compatibility; only `node_name` is used (as the origin name). */
export interface ClusterConfig {
  readonly disabled: boolean;
  readonly name: string;
  readonly nodeName: string;
  readonly nodeType: "master" | "worker";
  readonly port: number;
  readonly bindAddr: string;
  readonly nodes: readonly string[];
  readonly at?: SourceLocation;
}

export type ApiRole = "read-only" | "responder" | "admin";

export interface ApiUser {
  readonly name: string;
  /** The stored password hash, verified by the API (format defined in docs/api). */
  readonly passwordHash: string;
  readonly role: ApiRole;
  readonly at: SourceLocation;
}

/** Riposte's REST API and dashboard (`<api>`, a Riposte section). */
export interface ApiConfig {
  readonly disabled: boolean;
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  readonly users: readonly ApiUser[];
  readonly at?: SourceLocation;
}

/**
 * The whole configuration. All sections are present (defaults when not written). Which role
 * reads what: the manager reads global, command, active-response bindings, ruleset, remote,
 * auth, cluster and api; both read localfile, syscheck and execd (the manager runs a local
 * agent 000); the agent reads client.
 */
export interface Config {
  readonly role: Role;
  /** The files read, in order. */
  readonly files: readonly string[];
  readonly global: GlobalConfig;
  readonly commands: readonly CommandConfig[];
  readonly activeResponses: readonly ActiveResponseConfig[];
  readonly execd: ExecdConfig;
  readonly localfiles: readonly LocalfileConfig[];
  readonly syscheck: SyscheckConfig;
  readonly ruleset: RulesetConfig;
  readonly remote: RemoteConfig;
  readonly auth: AuthConfig;
  readonly client: ClientConfig;
  readonly cluster: ClusterConfig;
  readonly api: ApiConfig;
}
