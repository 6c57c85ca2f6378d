/**
 * Speeds up the tree walk without changing its order or result. For a rule with many
 * children, some children can be ruled out from a few event values alone, because those
 * conditions are pure: `<decoded_as>` naming another decoder, a `<program_name>` rejecting
 * the event's program name, and a `<field>` condition on the field most of the siblings test
 * (`win.system.eventID` under the Windows channel rules) rejecting the event's value. Each
 * (rule, decoder, program name, field value) gets its filtered child list once, cached.
 * Bounded: at most MAX_KEYS_PER_NODE lists per rule and keys of at most MAX_KEY_CHARS, else
 * decoder-only lists (still exact).
 */
import type { RuleInput, RuleNode, RuleTree } from "./rules/mod.ts";

const MIN_CHILDREN = 8;
const MAX_KEYS_PER_NODE = 256;
/** Longer keys (attacker-sized program names or field values) are never cached. */
const MAX_KEY_CHARS = 512;
const NO_VALUE = "\u0000none";

interface NodeLists {
  /** The field most children test, when at least MIN_CHILDREN of them do. */
  readonly field: string | undefined;
  readonly lists: Map<string, readonly RuleNode[]>;
}

export class ChildIndex {
  readonly #byNode = new Map<RuleNode, NodeLists>();

  /** The part of the cache key shared by every rule for one event. */
  static keyOf(decoderName: string | undefined, programName: string | undefined): string {
    return `${decoderName ?? NO_VALUE}\u0001${programName ?? NO_VALUE}`;
  }

  children(node: RuleNode, input: RuleInput, eventKey: string): readonly RuleNode[] {
    const all = node.children;
    if (all.length < MIN_CHILDREN) return all;
    let n = this.#byNode.get(node);
    if (!n) this.#byNode.set(node, (n = { field: indexedField(all), lists: new Map() }));
    const value = n.field === undefined ? undefined : input.dynamicField(n.field);
    const key = n.field === undefined ? eventKey : `${eventKey}\u0002${value ?? NO_VALUE}`;
    let list = n.lists.get(key);
    if (list) return list;
    if (n.lists.size >= MAX_KEYS_PER_NODE || key.length > MAX_KEY_CHARS) {
      // Hostile variety or size of values: keep the decoder-only filter.
      const decoderKey = input.decoderName ?? NO_VALUE;
      list = n.lists.get(decoderKey) ?? Object.freeze(all.filter((c) => fitsDecoder(c, input.decoderName)));
      if (!n.lists.has(decoderKey)) n.lists.set(decoderKey, list);
      return list;
    }
    const field = n.field;
    list = Object.freeze(all.filter((c) => fitsDecoder(c, input.decoderName) && (c.rule.programNameTest?.(input.programName) ?? true) && fitsField(c, field, value)));
    n.lists.set(key, list);
    return list;
  }
}

/** `<decoded_as>` is always a rule's first condition: a child naming another decoder cannot match. */
function fitsDecoder(child: RuleNode, decoderName: string | undefined): boolean {
  const wanted = child.rule.spec.decodedAs;
  return wanted === undefined || wanted === decoderName;
}

function fitsField(child: RuleNode, field: string | undefined, value: string | undefined): boolean {
  if (field === undefined) return true;
  for (const t of child.rule.fieldTests) if (t.name === field && !t.test(value)) return false;
  return true;
}

function indexedField(children: readonly RuleNode[]): string | undefined {
  const counts = new Map<string, number>();
  for (const c of children) {
    for (const name of new Set(c.rule.fieldTests.map((t) => t.name))) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best: string | undefined;
  let most = MIN_CHILDREN - 1;
  for (const [name, n] of counts) if (n > most) [best, most] = [name, n];
  return best;
}

const indexes = new WeakMap<RuleTree, ChildIndex>();

export function childIndexOf(tree: RuleTree): ChildIndex {
  let index = indexes.get(tree);
  if (!index) indexes.set(tree, (index = new ChildIndex()));
  return index;
}
