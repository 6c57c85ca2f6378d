/**
 * Turns parsed `<command>` and `<active-response>` sections into resolved response
 * definitions, Wazuh's way (wazuh-ar.md §1.1–1.2): the name `<command><timeout>`, the
 * timeout forced to 0 without timeout_allowed, the location keywords matched
 * case-insensitively by substring with Wazuh's precedence, disabled blocks dropped (only
 * that block: §8.2(a) fixed), commands resolved in document order.
 * Riposte additions: several agent ids, agent groups, `all` including the manager, dry_run,
 * the legacy positional argument form.
 * Must not: do I/O. Problems are diagnostics, all returned at once.
 */
import type { Diagnostic, SourceLocation } from "../core/mod.ts";
import { splitExtraArgs } from "./protocol.ts";

/** The `<command>` fields this module needs (config's CommandConfig is assignable). */
export interface CommandSpec {
  readonly name: string;
  readonly executable: string;
  readonly timeoutAllowed: boolean;
  readonly extraArgs?: string;
  /** Riposte: run with the positional OSSEC argv (JSON still on stdin). */
  readonly legacyArgs?: boolean;
  readonly location?: SourceLocation;
}

/** The `<active-response>` fields this module needs (config's ActiveResponseConfig is assignable). */
export interface ActiveResponseSpec {
  readonly command?: string;
  readonly location?: string;
  readonly agentIds?: readonly string[];
  readonly agentGroups?: readonly string[];
  readonly rulesId?: readonly string[];
  readonly rulesGroup?: string;
  readonly level?: number;
  readonly timeout?: number;
  readonly disabled?: boolean;
  readonly dryRun?: boolean;
  /** Riposte: `all` also runs on the manager (agent 000). */
  readonly includeManager?: boolean;
  readonly position?: SourceLocation;
}

export type Location = "server" | "all" | "defined-agent" | "local";

export interface ResponseDefinition {
  /** `<command><timeout>`, e.g. firewall-drop600. */
  readonly name: string;
  readonly command: string;
  readonly executable: string;
  readonly timeoutSec: number;
  readonly extraArgs: readonly string[];
  readonly legacyArgs: boolean;
  readonly location: Location;
  readonly agentIds: readonly string[];
  readonly agentGroups: readonly string[];
  readonly includeManager: boolean;
  readonly rulesId: readonly string[];
  readonly rulesGroup?: string;
  readonly level: number;
  readonly dryRun: boolean;
  /** Index of the block in configuration order. */
  readonly index: number;
}

/** Wazuh's location keywords, in dispatch precedence (server > all > defined-agent > local). */
const LOCATIONS: readonly [Location, RegExp][] = [
  ["server", /AS|analysisd|analysis-server|server/i],
  ["all", /all|any/i],
  ["defined-agent", /defined-agent/i],
  ["local", /local/i],
];

export function parseLocation(text: string): Location | undefined {
  return LOCATIONS.find(([, re]) => re.test(text))?.[0];
}

export function responseName(command: string, timeoutSec: number): string {
  return `${command}${timeoutSec}`;
}

function diag(code: string, severity: "error" | "warning", message: string, location?: SourceLocation): Diagnostic {
  return { code, severity, message, ...(location ? { location } : {}) };
}

/** Resolves one block against the commands defined before it; pushes its diagnostics. */
function resolveOne(spec: ActiveResponseSpec, index: number, commands: ReadonlyMap<string, CommandSpec>, out: Diagnostic[]): ResponseDefinition | undefined {
  const at = spec.position;
  const command = commands.get(spec.command ?? "");
  if (!command) {
    out.push(diag("AR_UNKNOWN_COMMAND", "error", `Cannot find <command> "${spec.command ?? ""}" defined before this <active-response>`, at));
    return undefined;
  }
  const location = parseLocation(spec.location ?? "");
  if (!location) {
    out.push(diag("AR_BAD_LOCATION", "error", `Cannot use location "${spec.location ?? ""}": expected server, local, defined-agent or all`, at));
    return undefined;
  }
  const agentIds = (spec.agentIds ?? []).map((id) => id.trim().padStart(3, "0")).filter((id) => {
    if (id !== "000") return true;
    out.push(diag("AR_AGENT_ZERO", "warning", "Cannot use agent_id 000 with defined-agent: use location server", at));
    return false;
  });
  if (location === "defined-agent" && agentIds.length === 0 && (spec.agentGroups ?? []).length === 0) {
    out.push(diag("AR_NO_AGENT", "error", "Cannot use location defined-agent without agent_id or agent_group", at));
    return undefined;
  }
  const timeoutSec = effectiveTimeout(spec, command, out);
  return Object.freeze({
    name: responseName(command.name, timeoutSec),
    command: command.name,
    executable: command.executable,
    timeoutSec,
    extraArgs: Object.freeze(splitExtraArgs(command.extraArgs)),
    legacyArgs: command.legacyArgs ?? false,
    location,
    agentIds: Object.freeze(agentIds),
    agentGroups: Object.freeze([...(spec.agentGroups ?? [])]),
    includeManager: spec.includeManager ?? false,
    rulesId: Object.freeze((spec.rulesId ?? []).map((r) => String(Number(r)))),
    ...(spec.rulesGroup ? { rulesGroup: spec.rulesGroup } : {}),
    level: spec.level ?? 0,
    dryRun: spec.dryRun ?? false,
    index,
  });
}

function effectiveTimeout(spec: ActiveResponseSpec, command: CommandSpec, out: Diagnostic[]): number {
  const t = Math.trunc(spec.timeout ?? 0);
  if (t < 0) {
    out.push(diag("AR_NEGATIVE_TIMEOUT", "warning", `Cannot use a negative timeout (${t}): using 0`, spec.position));
    return 0;
  }
  if (t > 0 && !command.timeoutAllowed) {
    // Wazuh compat: info 1305, the block keeps running with timeout 0 (src/config/active-response.c).
    out.push(diag("AR_TIMEOUT_NOT_ALLOWED", "warning", `Cannot use a timeout with command "${command.name}" (timeout_allowed is no): using 0`, spec.position));
    return 0;
  }
  return t;
}

/**
 * Resolves the configuration's responses in document order. `items` interleaves commands
 * and blocks as they appear, so a block only sees commands defined before it (Wazuh 1303).
 * The first command of a name wins.
 */
export function resolveResponses(items: readonly ({ readonly kind: "command"; readonly spec: CommandSpec } | { readonly kind: "response"; readonly spec: ActiveResponseSpec })[]): { definitions: ResponseDefinition[]; diagnostics: Diagnostic[] } {
  const commands = new Map<string, CommandSpec>();
  const definitions: ResponseDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  let index = 0;
  for (const item of items) {
    if (item.kind === "command") {
      if (!commands.has(item.spec.name)) commands.set(item.spec.name, item.spec);
      continue;
    }
    if (item.spec.disabled) continue;
    const def = resolveOne(item.spec, index++, commands, diagnostics);
    if (def) definitions.push(def);
  }
  return { definitions, diagnostics };
}
