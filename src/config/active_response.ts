/**
 * `<active-response>`: one block, read into an ArBlock. A block with `<command>` is a binding
 * (manager meaning, wazuh-ar.md §1.2); `<disabled>` and `<repeated_offenders>` also feed the
 * execd settings (agent meaning, §1.3). Riposte adds `<dry_run>` and `<agent_group>`, and
 * allows a comma list in `<agent_id>`. Cross-checks against `<command>` are in cross_check.ts.
 */
import type { SourceLocation } from "../core/mod.ts";
import type { XmlElement } from "../xml/mod.ts";
import type { ParseContext } from "./context.ts";
import type { ArLocation } from "./types.ts";
import { MAX_RULE_LEVEL } from "./defaults.ts";
import { walkSection } from "./section.ts";
import { commaList, parseInt10, readBool, readInt, readText, valueOf } from "./values.ts";
import { didYouMeanValue } from "./did_you_mean.ts";

/** One block as written, before the command is resolved. */
export interface ArBlock {
  readonly at: SourceLocation;
  command?: { readonly name: string; readonly at: SourceLocation };
  location?: { readonly value: ArLocation; readonly at: SourceLocation };
  agentIds: string[];
  agentGroups: string[];
  rulesId: number[];
  rulesGroup?: string;
  level?: number;
  timeout?: { readonly seconds: number; readonly at: SourceLocation };
  disabled?: boolean;
  dryRun: boolean;
  /** Riposte: circuit-breaker limit of this block (0 = none). */
  maxPerWindow: number;
  repeatedOffendersMinutes?: number[];
  /** Riposte: protect the sources of established SSH sessions (execd meaning). */
  protectSshSessions?: boolean;
  /** True when the block has any binding option (it is more than execd settings). */
  isBinding: boolean;
  /** agent_id 000 was written (and dropped). */
  agentZero: boolean;
  /** Wazuh compat: a defined-agent block whose only agent was 000 is skipped, not fatal. */
  skip: boolean;
}

const BINDING_OPTIONS = new Set(["command", "location", "agent_id", "agent_group", "rules_id", "rules_group", "level", "timeout", "dry_run", "max_per_window"]);
const MAX_TIMEOUT_SECONDS = 2_147_483_647;

export function parseActiveResponse(el: XmlElement, ctx: ParseContext): ArBlock {
  const { bag } = ctx;
  const block: ArBlock = { at: el.location, agentIds: [], agentGroups: [], rulesId: [], dryRun: false, maxPerWindow: 0, isBinding: false, agentZero: false, skip: false };
  walkSection(el, {
    section: "active-response",
    unsupported: ["ca_store", "ca_verification"],
    options: {
      command: (c) => {
        const name = readText(c, bag);
        if (name !== undefined) block.command = { name, at: valueOf(c).at };
      },
      location: (c) => readLocation(c, block, ctx),
      agent_id: (c) => (block.agentIds = readAgentIds(c, block, ctx)),
      agent_group: (c) => (block.agentGroups = readGroups(c, ctx)),
      rules_id: (c) => (block.rulesId = readRuleIds(c, ctx)),
      rules_group: (c) => (block.rulesGroup = readText(c, bag) ?? block.rulesGroup),
      level: (c) => {
        const level = readInt(c, bag, { min: 0, max: MAX_RULE_LEVEL });
        if (level !== undefined) block.level = level === 0 ? undefined : level;
      },
      timeout: (c) => {
        const seconds = readInt(c, bag, { min: 0, max: MAX_TIMEOUT_SECONDS, unit: "seconds", hint: "write a number of seconds, e.g. 600" });
        if (seconds !== undefined) block.timeout = { seconds, at: valueOf(c).at };
      },
      disabled: (c) => (block.disabled = readBool(c, bag) ?? block.disabled),
      dry_run: (c) => (block.dryRun = readBool(c, bag) ?? block.dryRun),
      max_per_window: (c) => (block.maxPerWindow = readInt(c, bag, { min: 0, max: 10_000_000 }) ?? block.maxPerWindow),
      repeated_offenders: (c) => (block.repeatedOffendersMinutes = readRepeatedOffenders(c, ctx)),
      protect_ssh_sessions: (c) => (block.protectSshSessions = readBool(c, bag) ?? block.protectSshSessions),
    },
  }, bag);
  block.isBinding = el.children.some((c) => BINDING_OPTIONS.has(c.name));
  if (block.isBinding) checkBinding(el, block, ctx);
  return block;
}

function checkBinding(el: XmlElement, block: ArBlock, ctx: ParseContext): void {
  for (const option of ["command", "location"] as const) {
    if (!el.children.some((c) => c.name === option)) {
      ctx.bag.error("CFG_MISSING_OPTION", `Cannot bind <active-response>: <${option}> is missing`, el.location, "a response needs both <command> and <location>");
    }
  }
  const written = el.children.some((c) => c.name === "agent_id" || c.name === "agent_group");
  if (block.location?.value === "defined-agent" && block.agentIds.length === 0 && block.agentGroups.length === 0) {
    if (block.agentZero) block.skip = true;
    else if (!written) ctx.bag.error("CFG_AR_MISSING_AGENT", "Cannot use location defined-agent without <agent_id>", block.location.at, "add <agent_id>001</agent_id> (or <agent_group>), or use location local, server or all");
  }
  if (ctx.role === "agent") {
    ctx.bag.warning("CFG_ROLE_IGNORED", "<active-response> bindings are read by the manager only: this block is ignored by the agent", el.location);
  }
}

/** Location words (case-insensitive, Wazuh compat) → meaning, highest precedence first. */
const LOCATION_WORDS: ReadonlyArray<readonly [string, ArLocation]> = [
  ["server", "server"], ["as", "server"], ["analysisd", "server"], ["analysis-server", "server"],
  ["all", "all"], ["any", "all"], ["defined-agent", "defined-agent"], ["local", "local"],
];
const PRECEDENCE: readonly ArLocation[] = ["server", "all", "defined-agent", "local"];

function readLocation(c: XmlElement, block: ArBlock, ctx: ParseContext): void {
  const v = valueOf(c);
  const words = v.text.split(/[\s,|]+/).filter((w) => w !== "");
  if (words.length === 0) {
    ctx.bag.error("CFG_EMPTY_VALUE", "Cannot use <location>: the value is empty", v.at, "write local, server, defined-agent or all");
    return;
  }
  const found = new Set<ArLocation>();
  for (const word of words) {
    const meaning = LOCATION_WORDS.find(([w]) => w === word.toLowerCase())?.[1];
    if (meaning) {
      found.add(meaning);
      continue;
    }
    const hint = didYouMeanValue(word, PRECEDENCE) ?? "local runs on the agent that saw the event, server on the manager, defined-agent on <agent_id>, all on every agent";
    ctx.bag.error("CFG_INVALID_VALUE", `Cannot use location "${word}": it must be local, server, defined-agent or all`, v.at, hint);
    return;
  }
  const value = PRECEDENCE.find((p) => found.has(p));
  if (value) block.location = { value, at: v.at };
}

/** Agent ids, 3 digits; 000 (the manager) is dropped with a warning, as Wazuh does. */
function readAgentIds(c: XmlElement, block: ArBlock, ctx: ParseContext): string[] {
  const v = valueOf(c);
  const ids: string[] = [];
  for (const item of commaList(v.text)) {
    if (!/^\d{1,8}$/.test(item)) {
      ctx.bag.error("CFG_INVALID_VALUE", `Cannot use agent id "${item}": agent ids are numbers`, v.at, "write 001, or a comma list 001,002");
      continue;
    }
    const id = String(Number(item)).padStart(3, "0");
    if (id === "000") {
      ctx.bag.warning("CFG_AR_AGENT_ZERO", "agent_id 000 is the manager: the id is skipped", v.at, "use <location>server</location> to run on the manager");
      block.agentZero = true;
    } else {
      ids.push(id);
    }
  }
  if (commaList(v.text).length === 0) ctx.bag.error("CFG_EMPTY_VALUE", "Cannot use <agent_id>: the value is empty", v.at);
  return ids;
}

function readGroups(c: XmlElement, ctx: ParseContext): string[] {
  const v = valueOf(c);
  const groups = commaList(v.text);
  if (groups.length === 0) ctx.bag.error("CFG_EMPTY_VALUE", "Cannot use <agent_group>: the value is empty", v.at);
  for (const g of groups) {
    if (!/^[A-Za-z0-9_.-]+$/.test(g)) ctx.bag.error("CFG_INVALID_VALUE", `Cannot use agent group "${g}": use letters, digits, ".", "_" and "-"`, v.at);
  }
  return groups;
}

/** Wazuh compat: a comma list, blanks and repeated commas tolerated. Riposte rejects anything else. */
function readRuleIds(c: XmlElement, ctx: ParseContext): number[] {
  const v = valueOf(c);
  const ids: number[] = [];
  const items = commaList(v.text);
  if (items.length === 0) ctx.bag.error("CFG_EMPTY_VALUE", "Cannot use <rules_id>: the value is empty", v.at);
  for (const item of items) {
    if (/^\d+$/.test(item)) ids.push(Number(item));
    else ctx.bag.error("CFG_INVALID_NUMBER", `Cannot read <rules_id>: "${item}" is not a rule id`, v.at, "write rule ids separated by commas, e.g. 5710,5712");
  }
  return ids;
}

/** Minutes, comma separated; every value a positive integer. */
function readRepeatedOffenders(c: XmlElement, ctx: ParseContext): number[] {
  const v = valueOf(c);
  const minutes: number[] = [];
  for (const item of commaList(v.text)) {
    const n = parseInt10({ text: item, at: v.at }, "<repeated_offenders>", ctx.bag, { min: 1, max: 525_600, unit: "minutes" });
    if (n !== undefined) minutes.push(n);
  }
  if (commaList(v.text).length === 0) ctx.bag.error("CFG_EMPTY_VALUE", "Cannot use <repeated_offenders>: the value is empty", v.at);
  return minutes;
}
