/**
 * Speeds up the tree walk without changing its order or result: for a rule with many
 * children, the children whose `<decoded_as>` names another decoder, or whose
 * `<program_name>` rejects the event's program name, can never match (those conditions are
 * pure), so each (rule, decoder, program name) gets its filtered child list once, cached.
 * Bounded: at most MAX_KEYS_PER_NODE lists per rule; kept per (frozen) tree.
 */
import type { RuleNode, RuleTree } from "./rules/mod.ts";

const MIN_CHILDREN = 8;
/** Distinct (decoder, program name) lists kept per rule; beyond it, decoder-only lists. */
const MAX_KEYS_PER_NODE = 512;
const NO_VALUE = "\u0000none";

export class ChildIndex {
  readonly #byNode = new Map<RuleNode, Map<string, readonly RuleNode[]>>();

  /** The cache key of an event: compute once per event, pass to every children() call. */
  static keyOf(decoderName: string | undefined, programName: string | undefined): string {
    return `${decoderName ?? NO_VALUE}\u0001${programName ?? NO_VALUE}`;
  }

  children(node: RuleNode, key: string, decoderName: string | undefined, programName: string | undefined): readonly RuleNode[] {
    const all = node.children;
    if (all.length < MIN_CHILDREN) return all;
    let lists = this.#byNode.get(node);
    if (!lists) this.#byNode.set(node, (lists = new Map()));
    let list = lists.get(key);
    if (list) return list;
    if (lists.size >= MAX_KEYS_PER_NODE) {
      const decoderKey = decoderName ?? NO_VALUE;
      // Hostile variety of program names: keep the decoder-only filter (still exact).
      list = lists.get(decoderKey) ?? Object.freeze(all.filter((c) => fitsDecoder(c, decoderName)));
      if (!lists.has(decoderKey)) lists.set(decoderKey, list);
      return list;
    }
    list = Object.freeze(all.filter((c) => fitsDecoder(c, decoderName) && (c.rule.programNameTest?.(programName) ?? true)));
    lists.set(key, list);
    return list;
  }
}

/** `<decoded_as>` is always a rule's first condition: a child naming another decoder cannot match. */
function fitsDecoder(child: RuleNode, decoderName: string | undefined): boolean {
  const wanted = child.rule.spec.decodedAs;
  return wanted === undefined || wanted === decoderName;
}

const indexes = new WeakMap<RuleTree, ChildIndex>();

export function childIndexOf(tree: RuleTree): ChildIndex {
  let index = indexes.get(tree);
  if (!index) indexes.set(tree, (index = new ChildIndex()));
  return index;
}
