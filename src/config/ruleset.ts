/**
 * `<ruleset>`: where decoders, rules and CDB lists come from, in load order. A relative path
 * is resolved against the directory of the configuration file that wrote it (so the shipped
 * `etc/ossec.conf` can say `../ruleset/rules`). Must not: list directories (the ruleset
 * loader does, with the excludes).
 */
import { dirname, resolve } from "node:path";
import type { XmlElement } from "../xml/mod.ts";
import type { Draft, ParseContext } from "./context.ts";
import type { RulesetConfig, RulesetDir, RulesetExclude, RulesetPath } from "./types.ts";
import { walkSection } from "./section.ts";
import { readText, valueOf } from "./values.ts";

export function defaultRuleset(): Draft<RulesetConfig> {
  return { decoderDirs: [], ruleDirs: [], decoderFiles: [], ruleFiles: [], decoderExcludes: [], ruleExcludes: [], lists: [] };
}

export function parseRuleset(el: XmlElement, draft: Draft<RulesetConfig>, ctx: ParseContext): void {
  const path = (list: RulesetPath[]) => (c: XmlElement) => {
    const p = readPath(c, ctx);
    if (p) list.push(p);
  };
  const dir = (list: RulesetDir[]) => (c: XmlElement) => {
    const p = readPath(c, ctx);
    const pattern = c.attributes.find((a) => a.name === "pattern")?.value.trim();
    if (p) list.push(pattern ? { ...p, pattern } : p);
  };
  const exclude = (list: RulesetExclude[]) => (c: XmlElement) => {
    const name = readText(c, ctx.bag);
    if (name !== undefined) list.push({ name, at: valueOf(c).at });
  };
  walkSection(el, {
    section: "ruleset",
    repeatable: ["decoder_dir", "rule_dir", "decoder", "rule", "decoder_exclude", "rule_exclude", "list"],
    attributes: { decoder_dir: ["pattern"], rule_dir: ["pattern"] },
    options: {
      decoder_dir: dir(draft.decoderDirs),
      rule_dir: dir(draft.ruleDirs),
      decoder: path(draft.decoderFiles),
      rule: path(draft.ruleFiles),
      decoder_exclude: exclude(draft.decoderExcludes),
      rule_exclude: exclude(draft.ruleExcludes),
      list: path(draft.lists),
    },
  }, ctx.bag);
}

function readPath(c: XmlElement, ctx: ParseContext): RulesetPath | undefined {
  const text = readText(c, ctx.bag);
  if (text === undefined) return undefined;
  const at = valueOf(c).at;
  return { path: text, resolved: resolve(dirname(at.file), text), at };
}
