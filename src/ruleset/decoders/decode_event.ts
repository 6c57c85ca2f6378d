/**
 * Decoding one event with a DecoderSet, exactly as Wazuh 4.14.7's DecodeEvent (semantics
 * §1.3 "Selecting the decoder"): pick the top-level list by whether the event has a program
 * name, take the first parent that accepts it (final even if no child fits), walk its
 * children, then run the regexes / plug-ins of the taken node and its same-name sibling chain.
 * Top-level candidates for a program name are cached per set, so the cost per event does not
 * grow with the number of program_name decoders.
 * Must not: throw on any input, or keep per-event state between calls (the cache holds only
 * pure functions of the program name).
 */
import { Queue, type RawEvent } from "../../core/mod.ts";
import type { DecodedEvent, DecoderRef, Predecoded } from "../decoded_event.ts";
import { predecode, type PredecodeOptions } from "../predecode/mod.ts";
import { Decoded } from "./decoded.ts";
import type { ChildNode, Decoder, DecoderSet, TopNode } from "./decoder.ts";
import { FieldBag } from "./field_bag.ts";
import type { Pattern, PatternMatch } from "./_pattern.ts";
import { MAX_SUBJECT_CHARS, mayContain, withSharedStepBudget } from "../regex/mod.ts";
import { pluginDecoders } from "./plugins/mod.ts";
import { decodeSyscheck } from "./syscheck_decoder.ts";
import type { PluginOutcome } from "./plugins/mod.ts";

export type DecodeOptions = PredecodeOptions;

/**
 * Receives the XML decoders that took part in decoding one event, in order: the top-level
 * decoder chosen, the child taken through its prematch, and each node of the taken chain
 * whose regex matched or whose plug-in ran. A Set<Decoder> fits. For coverage reports
 * (case_coverage.ts); the analysis path passes none.
 */
export interface DecodeTrace {
  add(decoder: Decoder): unknown;
}

/** Distinct program names remembered per set before the cache starts over. */
const PROGRAM_CACHE_LIMIT = 4096;
const programCaches = new WeakMap<DecoderSet, Map<string, readonly TopNode[]>>();

function candidatesFor(set: DecoderSet, programName: string): readonly TopNode[] {
  let cache = programCaches.get(set);
  if (!cache) {
    cache = new Map();
    programCaches.set(set, cache);
  }
  let list = cache.get(programName);
  if (list) return list;
  list = set.withProgramName.filter((t) => t.decoder.programName?.test(programName) ?? false);
  if (cache.size >= PROGRAM_CACHE_LIMIT) cache.clear();
  cache.set(programName, list);
  return list;
}

/** Pre-decodes and decodes one raw event. Never throws. */
export function decodeEvent(set: DecoderSet, raw: RawEvent, options?: DecodeOptions, trace?: DecodeTrace): DecodedEvent {
  return decodePredecoded(set, raw, predecode(raw, options), trace);
}

/**
 * The log of one event and its lower-cased copy (made on first use), for the literal
 * pre-check of patterns (their matchers' required literals, regex/required_literals.ts).
 */
class Subject {
  readonly log: string;
  #lower: string | undefined;

  constructor(log: string) {
    this.log = log;
  }

  /** Runs `p` on the log from `base`; skips it when its required literals are absent. */
  exec(p: Pattern, base: number): PatternMatch | null {
    if (p.runs) {
      this.#lower ??= this.log.toLowerCase();
      // The matcher only sees MAX_SUBJECT_CHARS characters from `base`; so does the filter.
      const lower = this.#lower;
      const end = base + MAX_SUBJECT_CHARS;
      // (Lower-casing a few non-ASCII characters changes the length: then no window.)
      const aligned = lower.length === this.log.length;
      const window = !aligned || (base === 0 && lower.length <= end) ? lower : lower.slice(base, end);
      if (!mayContain(p.runs, window, aligned)) return null;
    }
    return p.exec(base === 0 ? this.log : this.log.slice(base));
  }
}

/**
 * Decodes an event whose header was already pre-decoded. Never throws. FIM events (queue
 * "8") go to the built-in syscheck decoder, everything else to the XML decoders.
 */
export function decodePredecoded(set: DecoderSet, raw: RawEvent, pre: Predecoded, trace?: DecodeTrace): DecodedEvent {
  if (raw.queue === Queue.syscheck) return decodeSyscheck(raw, pre);
  // One OS_Regex step budget for the whole event (docs/regex.md): a hostile line pays it
  // once, not once per decoder it is tried against.
  return withSharedStepBudget(() => decodeXml(set, raw, pre, trace));
}

function decodeXml(set: DecoderSet, raw: RawEvent, pre: Predecoded, trace?: DecodeTrace): DecodedEvent {
  const log = pre.log;
  const subject = new Subject(log);
  const tops = pre.programName !== undefined ? candidatesFor(set, pre.programName) : set.withoutProgramName;
  for (const top of tops) {
    let afterParent = 0;
    const prematch = top.decoder.prematch;
    if (prematch) {
      const m = subject.exec(prematch, 0);
      if (!m) continue;
      afterParent = clampEnd(m.end, log.length);
    }
    trace?.add(top.decoder);
    return decodeWith(top, raw, pre, subject, afterParent, set.maxFields, trace);
  }
  return new Decoded({ raw, predecoded: pre, bag: new FieldBag(set.maxFields) });
}

function clampEnd(end: number, length: number): number {
  return end < 0 ? 0 : end > length ? length : end;
}

interface Taken {
  /** Index of the taken child, or -1 for the parent itself (no children). */
  readonly index: number;
  /** The child when it matched through its prematch (it becomes the event's decoder). */
  readonly matched?: Decoder;
  /** after_prematch position. */
  readonly afterPrematch: number;
}

function takeChild(children: readonly ChildNode[], subject: Subject, afterParent: number): Taken | undefined {
  const log = subject.log;
  let i = 0;
  while (i < children.length) {
    const c = children[i] as ChildNode;
    const pm = c.decoder.prematch;
    // Wazuh compat: a child without prematch is taken at once but the parent stays the decoder.
    if (!pm) return { index: i, afterPrematch: afterParent };
    const base = c.decoder.prematchAfterParent ? afterParent : 0;
    const m = subject.exec(pm, base);
    if (m) return { index: i, matched: c.decoder, afterPrematch: base + clampEnd(m.end, log.length - base) };
    if (c.chained) {
      // Wazuh compat: a failed chain head skips its whole same-name group.
      do i++;
      while (i < children.length && (children[i] as ChildNode).chained);
    }
    i++;
  }
  return undefined;
}

function decodeWith(top: TopNode, raw: RawEvent, pre: Predecoded, subject: Subject, afterParent: number, maxFields: number, trace: DecodeTrace | undefined): DecodedEvent {
  const parent = top.decoder;
  const bag = new FieldBag(maxFields);
  const outcome: PluginOutcome = {};
  let eventDecoder = parent;
  if (top.children.length === 0) {
    extract([{ decoder: parent, chained: false }], 0, { pre, subject, parent, bag, outcome, eventDecoder, afterParent, afterPrematch: afterParent, trace });
  } else {
    const taken = takeChild(top.children, subject, afterParent);
    if (taken) {
      if (taken.matched) {
        eventDecoder = taken.matched;
        trace?.add(taken.matched);
      }
      extract(top.children, taken.index, { pre, subject, parent, bag, outcome, eventDecoder, afterParent, afterPrematch: taken.afterPrematch, trace });
    }
  }
  return finish(raw, pre, bag, outcome, parent, eventDecoder);
}

interface Extraction {
  readonly pre: Predecoded;
  readonly subject: Subject;
  readonly parent: Decoder;
  readonly bag: FieldBag;
  readonly outcome: PluginOutcome;
  readonly eventDecoder: Decoder;
  readonly afterParent: number;
  readonly afterPrematch: number;
  readonly trace: DecodeTrace | undefined;
}

function extract(nodes: readonly ChildNode[], start: number, x: Extraction): void {
  const log = x.pre.log;
  let prevRegexEnd: number | undefined;
  for (let i = start; i < nodes.length; i++) {
    const node = nodes[i] as ChildNode;
    const d = node.decoder;
    if (d.plugin) {
      runPlugin(d, x);
      x.trace?.add(d);
    } else if (d.regex) {
      const base = regexBase(d, x, prevRegexEnd);
      const m = x.subject.exec(d.regex, base);
      if (m) x.trace?.add(d);
      // Wazuh compat: "Regex has too many groups": a full field table ends the chain.
      if (m && x.bag.full) return;
      if (m) {
        // Wazuh compat: only a successful regex moves the after_regex position.
        prevRegexEnd = base + clampEnd(m.end, log.length - base);
        assignCaptures(d, m.captures, x.bag);
      } else if (!node.chained) {
        return;
      }
    } else {
      return;
    }
    if (!node.chained) return;
  }
}

function regexBase(d: Decoder, x: Extraction, prevRegexEnd: number | undefined): number {
  switch (d.regexOffset) {
    case "none": return 0;
    case "after_parent": return x.afterParent;
    case "after_prematch": return x.afterPrematch;
    case "after_regex": return prevRegexEnd ?? x.afterPrematch;
  }
}

function assignCaptures(d: Decoder, captures: readonly (string | undefined)[], bag: FieldBag): void {
  const n = Math.min(captures.length, d.order.length);
  for (let i = 0; i < n; i++) {
    const value = captures[i];
    if (value === undefined) return;
    const target = d.order[i];
    if (!target) return;
    if (target.isStatic) bag.setStatic(target.name, value);
    else bag.addDynamic(target.name, value);
  }
}

function runPlugin(d: Decoder, x: Extraction): void {
  const plugin = d.plugin ? pluginDecoders[d.plugin] : undefined;
  if (!plugin) return;
  // Wazuh compat: offset and JSON flags come from the event's decoder (lf->decoder_info).
  // log_after_parent is only set when a child matched through its prematch: a parent whose
  // plug-in offset is after_parent gets no input at all (cJSON_Parse(NULL): no fields).
  const ev = x.eventDecoder;
  if (ev.pluginOffset === "after_parent" && ev === x.parent) return;
  const base = ev.pluginOffset === "after_parent" ? x.afterParent : ev.pluginOffset === "after_prematch" ? x.afterPrematch : 0;
  const log = x.pre.log;
  try {
    plugin(
      { input: base === 0 ? log : log.slice(base), log, jsonNull: ev.jsonNull, jsonArray: ev.jsonArray, hostname: x.pre.hostname ?? "", location: x.pre.location },
      x.bag,
      x.outcome,
    );
  } catch {
    // A plug-in bug must not stop the event: fields decoded so far stay (hostile input).
  }
}

/** Refs are immutable, so one per (event decoder, reported decoder) pair is shared. */
const refCache = new WeakMap<Decoder, WeakMap<Decoder, DecoderRef>>();

function refOf(ev: Decoder, named: Decoder, type: string): DecoderRef {
  const cacheable = type === ev.type;
  let inner = cacheable ? refCache.get(ev) : undefined;
  const hit = inner?.get(named);
  if (hit) return hit;
  const ref: DecoderRef = Object.freeze({
    name: named.name,
    id: named.id,
    type,
    fts: ev.fts,
    accumulate: ev.accumulate,
    ...(ev.ftsComment !== undefined ? { ftsComment: ev.ftsComment } : {}),
  });
  if (cacheable) {
    if (!inner) {
      inner = new WeakMap();
      refCache.set(ev, inner);
    }
    inner.set(named, ref);
  }
  return ref;
}

function finish(raw: RawEvent, pre: Predecoded, bag: FieldBag, outcome: PluginOutcome, parent: Decoder, ev: Decoder): DecodedEvent {
  const named = ev !== parent && ev.useOwnName ? ev : parent;
  const decoder = refOf(ev, named, outcome.type ?? ev.type);
  let predecoded = pre;
  if (outcome.log !== undefined || outcome.location !== undefined) {
    predecoded = {
      ...pre,
      ...(outcome.log !== undefined ? { log: outcome.log, fullLog: outcome.log } : {}),
      ...(outcome.location !== undefined ? { location: outcome.location } : {}),
      ...(outcome.hostname !== undefined ? { hostname: outcome.hostname } : {}),
    };
  }
  return new Decoded({
    raw, predecoded, bag, decoder,
    ...(ev !== parent ? { decoderParent: parent.name } : {}),
    ...(outcome.generatedRuleId !== undefined ? { generatedRuleId: outcome.generatedRuleId } : {}),
  });
}
