/**
 * Which rules and decoders of a ruleset a set of test cases exercises (DESIGN §7.7: "no rule
 * without a sample"). Every event of every run is analysed in a fresh session per run, as the
 * harness does, and:
 * - a rule is hit when it is the final rule of some event, or when it is an ancestor of a hit
 *   rule along a chain of single-parent links (a grouping rule such as a template or a
 *   level-0 `noalert` rule is never final, but its child cannot match unless it did);
 * - a decoder is hit when it decoded some event: the top-level decoder chosen, the child
 *   taken through its prematch, and each node of the chain whose regex matched or plug-in ran,
 *   as the decoders themselves report them (decodeEvent's DecodeTrace): each event is decoded
 *   once more with a trace, with the engine's pre-decoding options.
 * Must not: change the ruleset or depend on any particular ruleset.
 */
import { ManualClock, type RawEvent } from "../core/mod.ts";
import type { CorpusCase } from "./corpus.ts";
import { decodeEvent, type Decoder, type DecoderSet } from "./decoders/mod.ts";
import { createEngine } from "./engine.ts";
import type { RuleNode } from "./rules/mod.ts";
import type { Ruleset } from "./ruleset.ts";

export interface Uncovered {
  readonly kind: "rule" | "decoder";
  /** Rule id or decoder name. */
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

export interface CaseCoverage {
  readonly rulesHit: ReadonlySet<number>;
  readonly decodersHit: ReadonlySet<Decoder>;
  /** Rules and decoders no event reached, in load order. */
  readonly uncovered: readonly Uncovered[];
}

export interface CaseCoverageOptions {
  readonly managerName?: string;
  /**
   * More runs given as raw events (one fresh session per run), for what an .ini case cannot
   * express: the harness feeds every line as queue "1" from `stdin`, so FIM events (queue "8")
   * are given this way.
   */
  readonly rawRuns?: readonly (readonly RawEvent[])[];
}

export function caseCoverage(ruleset: Ruleset, cases: readonly CorpusCase[], options: CaseCoverageOptions = {}): CaseCoverage {
  const managerName = options.managerName ?? "wazuh-manager";
  const rulesHit = new Set<number>();
  const decodersHit = new Set<Decoder>();
  const parents = parentsOf(ruleset.rules.nodes);
  const runs: (readonly RawEvent[])[] = [...(options.rawRuns ?? [])];
  for (const c of cases) {
    for (const run of c.runs) {
      runs.push(run.events.map((log) => ({ agentId: "000", agentName: managerName, location: "stdin", log, queue: "1", receivedAt: 0 })));
    }
  }
  for (const run of runs) {
    const engine = createEngine(ruleset, { clock: new ManualClock(), managerName, applyIgnore: false });
    for (const raw of run) {
      const result = engine.analyze(raw);
      if (result.rule) markRule(ruleset, Number(result.rule.id), parents, rulesHit);
      decodeEvent(ruleset.decoders, raw, { managerName }, decodersHit);
    }
  }
  return { rulesHit, decodersHit, uncovered: uncoveredOf(ruleset, rulesHit, decodersHit) };
}

function parentsOf(nodes: readonly RuleNode[]): Map<RuleNode, RuleNode[]> {
  const parents = new Map<RuleNode, RuleNode[]>();
  for (const node of nodes) {
    for (const child of node.children) {
      const list = parents.get(child) ?? [];
      if (!list.includes(node)) list.push(node);
      parents.set(child, list);
    }
  }
  return parents;
}

function markRule(ruleset: Ruleset, id: number, parents: Map<RuleNode, RuleNode[]>, hit: Set<number>): void {
  let node = ruleset.rules.byId.get(id);
  while (node) {
    hit.add(node.rule.id);
    const up = parents.get(node);
    node = up && up.length === 1 ? up[0] : undefined;
  }
}

function allDecoders(set: DecoderSet): Decoder[] {
  const seen = new Set<Decoder>();
  for (const top of [...set.withProgramName, ...set.withoutProgramName]) {
    seen.add(top.decoder);
    for (const c of top.children) seen.add(c.decoder);
  }
  return [...seen];
}

function uncoveredOf(ruleset: Ruleset, rulesHit: ReadonlySet<number>, decodersHit: ReadonlySet<Decoder>): Uncovered[] {
  const out: Uncovered[] = [];
  for (const node of ruleset.rules.nodes) {
    if (rulesHit.has(node.rule.id)) continue;
    const at = node.rule.spec.location;
    out.push({ kind: "rule", name: String(node.rule.id), file: at.file, line: at.line });
  }
  for (const d of allDecoders(ruleset.decoders)) {
    if (decodersHit.has(d)) continue;
    out.push({ kind: "decoder", name: d.name, file: d.location.file, line: d.location.line });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
