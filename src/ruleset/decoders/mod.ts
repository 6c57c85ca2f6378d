/**
 * Public entry of decoders: load Wazuh decoder XML into a frozen DecoderSet, decode events.
 * The rules side uses `decoderNames`/`findDecoders` for decoded_as and DecodedEvent.decoder.
 */
export { loadDecoders } from "./load_decoders.ts";
export type { LoadDecodersOptions, LoadDecodersResult } from "./load_decoders.ts";
export { decodeEvent, decodePredecoded } from "./decode_event.ts";
export type { DecodeOptions, DecodeTrace } from "./decode_event.ts";
export type { Decoder, DecoderSet, TopNode, ChildNode, FieldTarget, RegexOffset, PluginOffset } from "./decoder.ts";
export { STATIC_FIELDS, MAX_DYNAMIC_FIELDS } from "./field_bag.ts";
export { DECODER_TYPES } from "./parse_decoder.ts";
export { PLUGIN_NAMES } from "./plugins/mod.ts";
export type { PluginName } from "./plugins/mod.ts";
export { decoderCodes } from "./codes.ts";
import type { Decoder, DecoderSet } from "./decoder.ts";

/** Every decoder name of the set, in first-load order (what `<decoded_as>` may name). */
export function decoderNames(set: DecoderSet): readonly string[] {
  return set.names;
}

/** All decoders named `name` (top-level and children), in load order; empty when unknown. */
export function findDecoders(set: DecoderSet, name: string): readonly Decoder[] {
  return set.byName(name);
}
