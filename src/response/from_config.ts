/**
 * Adapts the validated configuration (src/config: `commands`, `activeResponses`, already
 * named `<command><timeout>` with Wazuh's rules) to response definitions. Structural types,
 * so config's Config is assignable without this folder depending on its internals.
 * Riposte options config does not carry (legacy argv, `all` + manager) come as overrides.
 * Must not: re-validate what config validated.
 */
import type { Location, ResponseDefinition } from "./response_definition.ts";

export interface ConfigCommandLike {
  readonly name: string;
  readonly executable: string;
  readonly extraArgs: readonly string[];
  readonly legacyArgs?: boolean;
}

export interface ConfigResponseLike {
  readonly name: string;
  readonly command: string;
  readonly executable: string;
  readonly location: Location;
  readonly agentIds: readonly string[];
  readonly agentGroups: readonly string[];
  readonly rulesId: readonly number[];
  readonly rulesGroup?: string;
  readonly level?: number;
  readonly timeoutSeconds: number;
  readonly disabled: boolean;
  readonly dryRun: boolean;
  readonly includeManager?: boolean;
}

export interface ConfigLike {
  readonly commands: readonly ConfigCommandLike[];
  readonly activeResponses: readonly ConfigResponseLike[];
}

export interface FromConfigOptions {
  /** Commands that want the positional OSSEC argv. */
  readonly legacyCommands?: readonly string[];
  /** Make every `all` response include the manager (agent 000). */
  readonly allIncludesManager?: boolean;
}

export function definitionsFromConfig(config: ConfigLike, options: FromConfigOptions = {}): ResponseDefinition[] {
  const commands = new Map<string, ConfigCommandLike>();
  for (const c of config.commands) if (!commands.has(c.name)) commands.set(c.name, c);
  const legacy = new Set(options.legacyCommands ?? []);
  const out: ResponseDefinition[] = [];
  for (const r of config.activeResponses) {
    if (r.disabled) continue;
    const command = commands.get(r.command);
    out.push(Object.freeze({
      name: r.name,
      command: r.command,
      executable: r.executable,
      timeoutSec: Math.max(0, r.timeoutSeconds),
      extraArgs: Object.freeze([...(command?.extraArgs ?? [])]),
      legacyArgs: command?.legacyArgs === true || legacy.has(r.command),
      location: r.location,
      agentIds: Object.freeze([...r.agentIds]),
      agentGroups: Object.freeze([...r.agentGroups]),
      includeManager: r.includeManager === true || options.allIncludesManager === true,
      rulesId: Object.freeze(r.rulesId.map(String)),
      ...(r.rulesGroup ? { rulesGroup: r.rulesGroup } : {}),
      level: r.level ?? 0,
      dryRun: r.dryRun,
      index: out.length,
    }));
  }
  return out;
}
