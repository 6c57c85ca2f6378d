/**
 * Adapts the validated configuration (src/config: `commands`, `activeResponses`, already
 * named `<command><timeout>` with Wazuh's rules) to response definitions. The input types
 * are picked from config's, so anything config validated is accepted as it is.
 * Riposte options config does not carry (legacy argv, `all` + manager) come as overrides.
 * Must not: re-validate what config validated.
 */
import type { ActiveResponseConfig, CommandConfig } from "../config/mod.ts";
import type { ResponseDefinition } from "./response_definition.ts";

/** A `<command>` as config validated it, plus Riposte's legacy-argv option. */
export type ConfigCommandLike = Pick<CommandConfig, "name" | "executable" | "extraArgs"> & { readonly legacyArgs?: boolean };

/** An `<active-response>` as config validated it (derived, so the two cannot drift). */
export type ConfigResponseLike = Pick<
  ActiveResponseConfig,
  "name" | "command" | "executable" | "location" | "agentIds" | "agentGroups" | "rulesId" | "rulesGroup" | "level" | "timeoutSeconds" | "disabled" | "dryRun"
> & { readonly includeManager?: boolean };

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
