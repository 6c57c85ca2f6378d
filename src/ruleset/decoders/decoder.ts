/**
 * The compiled decoder and the frozen decoder set (semantics §1.3). A Decoder is one
 * `<decoder>` element after validation; a DecoderSet holds the two top-level lists (with and
 * without program_name), each top-level node's children, and lookup by name.
 * Must not: parse XML (load_decoders.ts) or decode events (decode_event.ts).
 */
import type { SourceLocation } from "../../core/mod.ts";
import type { Pattern } from "./_pattern.ts";
import type { PluginName } from "./plugins/mod.ts";

export type RegexOffset = "none" | "after_parent" | "after_prematch" | "after_regex";
export type PluginOffset = "none" | "after_parent" | "after_prematch";

/** Where a capture goes: a static slot (srcip, dstuser, ...) or a dynamic field name. */
export interface FieldTarget {
  readonly name: string;
  readonly isStatic: boolean;
}

export interface Decoder {
  readonly name: string;
  /** Id shared by all decoders of the same name (Wazuh decoder id). */
  readonly id: number;
  readonly parent?: string;
  /** Category (Wazuh `<type>`), `syslog` by default. */
  readonly type: string;
  readonly programName?: Pattern;
  readonly prematch?: Pattern;
  readonly prematchAfterParent: boolean;
  readonly regex?: Pattern;
  readonly regexOffset: RegexOffset;
  readonly order: readonly FieldTarget[];
  readonly plugin?: PluginName;
  readonly pluginOffset: PluginOffset;
  readonly jsonNull: "string" | "discard" | "empty";
  readonly jsonArray: "array" | "csv";
  readonly useOwnName: boolean;
  readonly fts: readonly string[];
  readonly ftsComment?: string;
  readonly accumulate: boolean;
  readonly location: SourceLocation;
}

/** A child in its parent's list; `chained` = the next child runs too (same-name sibling chain). */
export interface ChildNode {
  readonly decoder: Decoder;
  readonly chained: boolean;
}

export interface TopNode {
  readonly decoder: Decoder;
  readonly children: readonly ChildNode[];
}

/**
 * The frozen result of loading decoders. MUST NOT change after loading; safe to share between
 * sessions and threads of control (decoding keeps no state in it).
 */
export interface DecoderSet {
  /** Top-level decoders that have a program_name, in load order (tried for events with one). */
  readonly withProgramName: readonly TopNode[];
  /** Top-level decoders without program_name, in load order (tried for events without one). */
  readonly withoutProgramName: readonly TopNode[];
  /** Most dynamic fields one event can carry (Wazuh analysisd.decoder_order_size). */
  readonly maxFields: number;
  /** Every distinct decoder name, in first-load order (for rules' decoded_as). */
  readonly names: readonly string[];
  /** All decoders of that name (top-level and children), in load order; empty when unknown. */
  byName(name: string): readonly Decoder[];
  /** Decoder id of a name, or undefined when no decoder has that name. */
  idOf(name: string): number | undefined;
}
