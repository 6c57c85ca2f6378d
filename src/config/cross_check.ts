/**
 * Checks across sections, after every file is read: duplicate command names, each
 * `<active-response>` against the commands defined BEFORE it (Wazuh reads in document order),
 * and timeouts on commands without timeout_allowed. Produces the final bindings and the execd
 * settings. Must not: re-read the XML.
 */
import type { DiagnosticBag } from "../core/mod.ts";
import type { ArBlock } from "./active_response.ts";
import type { ActiveResponseConfig, CommandConfig, ExecdConfig } from "./types.ts";
import { didYouMeanValue } from "./did_you_mean.ts";
import { where } from "./where.ts";

/** Something defined at a position in reading order (files in order, then document order). */
export interface Sequenced<T> {
  readonly seq: number;
  readonly item: T;
}


/** Drops duplicate names (the first definition wins, as in Wazuh) with CFG_DUPLICATE_COMMAND. */
export function uniqueCommands(commands: readonly Sequenced<CommandConfig>[], bag: DiagnosticBag): Sequenced<CommandConfig>[] {
  const byName = new Map<string, Sequenced<CommandConfig>>();
  for (const c of commands) {
    const first = byName.get(c.item.name);
    if (first) {
      bag.error("CFG_DUPLICATE_COMMAND", `Cannot define command "${c.item.name}" twice`, c.item.at, `the first definition is at ${where(first.item.at, c.item.at)}; rename or remove one`);
    } else {
      byName.set(c.item.name, c);
    }
  }
  return [...byName.values()];
}

/** Resolves each binding block to its command; blocks with errors are left out. */
export function resolveBindings(blocks: readonly Sequenced<ArBlock>[], commands: readonly Sequenced<CommandConfig>[], bag: DiagnosticBag): ActiveResponseConfig[] {
  const out: ActiveResponseConfig[] = [];
  for (const { seq, item: block } of blocks) {
    if (!block.isBinding || block.skip || !block.command) continue;
    const ref = block.command;
    const found = commands.find((c) => c.item.name === ref.name);
    if (!found) {
      const hint = didYouMeanValue(ref.name, commands.map((c) => c.item.name)) ?? "define it in a <command> block before this <active-response>";
      bag.error("CFG_UNDEFINED_COMMAND", `Cannot use command "${ref.name}": no <command> defines it`, ref.at, hint);
      continue;
    }
    if (found.seq > seq) {
      bag.error("CFG_COMMAND_ORDER", `Cannot use command "${ref.name}": it is defined after this <active-response>`, ref.at, `move the <command> at ${where(found.item.at, ref.at)} before this block (Wazuh reads in order)`);
      continue;
    }
    const binding = toBinding(block, found.item, bag);
    if (binding) out.push(binding);
  }
  return out;
}

function toBinding(block: ArBlock, command: CommandConfig, bag: DiagnosticBag): ActiveResponseConfig | undefined {
  if (!block.location) return undefined;
  let timeoutSeconds = block.timeout?.seconds ?? 0;
  if (block.timeout && timeoutSeconds > 0 && !command.timeoutAllowed) {
    // Wazuh compat: analysisd forces the timeout to 0 and logs (1305); it does not stop.
    bag.warning("CFG_AR_TIMEOUT_NOT_ALLOWED", `Command "${command.name}" does not allow a timeout: the timeout ${timeoutSeconds} is ignored`, block.timeout.at, `add <timeout_allowed>yes</timeout_allowed> to the <command> at ${where(command.at, block.timeout.at)}`);
    timeoutSeconds = 0;
  }
  const binding: ActiveResponseConfig = {
    name: `${command.name}${timeoutSeconds}`,
    command: command.name,
    executable: command.executable,
    location: block.location.value,
    agentIds: block.agentIds,
    agentGroups: block.agentGroups,
    rulesId: block.rulesId,
    timeoutSeconds,
    disabled: block.disabled ?? false,
    dryRun: block.dryRun,
    maxPerWindow: block.maxPerWindow,
    at: block.at,
  };
  return {
    ...binding,
    ...(block.rulesGroup !== undefined ? { rulesGroup: block.rulesGroup } : {}),
    ...(block.level !== undefined ? { level: block.level } : {}),
  };
}

/**
 * The execd settings (wazuh-ar.md §1.3): `repeated_offenders` from the first block that has
 * it (Wazuh compat). `disabled` from the first block WITHOUT a command: Wazuh takes the first
 * `<disabled>` of any block, so disabling one binding on a manager silently disables the
 * manager's own execd (§8.2b); in Riposte a binding's `<disabled>` disables that binding only.
 */
export function execdSettings(blocks: readonly Sequenced<ArBlock>[]): ExecdConfig {
  const disabled = blocks.find((b) => !b.item.isBinding && b.item.disabled !== undefined)?.item.disabled ?? false;
  const repeated = blocks.find((b) => b.item.repeatedOffendersMinutes !== undefined)?.item.repeatedOffendersMinutes ?? [];
  const ssh = blocks.find((b) => b.item.protectSshSessions !== undefined)?.item.protectSshSessions ?? false;
  return { disabled, repeatedOffendersMinutes: repeated, protectSshSessions: ssh };
}
