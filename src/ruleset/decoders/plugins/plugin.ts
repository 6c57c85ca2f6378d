/**
 * The shape of a plug-in decoder (Wazuh `<plugin_decoder>`): a format-specific parser that
 * writes fields instead of a regex. Plug-ins are pure functions listed in one registry
 * (plugins.ts). A plug-in MUST NOT throw on any input and MUST run in linear time.
 */
import type { FieldSink } from "../field_bag.ts";

export const PLUGIN_NAMES = ["JSON_Decoder", "SonicWall_Decoder", "PF_Decoder", "SymantecWS_Decoder", "OSSECAlert_Decoder"] as const;
export type PluginName = (typeof PLUGIN_NAMES)[number];

export function isPluginName(name: string): name is PluginName {
  return (PLUGIN_NAMES as readonly string[]).includes(name);
}

export interface PluginInput {
  /** The log from the decoder's plug-in offset (only JSON_Decoder honours offsets). */
  readonly input: string;
  /** The whole log. */
  readonly log: string;
  readonly jsonNull: "string" | "discard" | "empty";
  readonly jsonArray: "array" | "csv";
  /** The event's hostname and location, for plug-ins that rewrite them (OSSECAlert). */
  readonly hostname: string;
  readonly location: string;
}

/** What a plug-in may change besides fields. */
export interface PluginOutcome {
  /** Event category chosen by the plug-in (SonicWall). */
  type?: string;
  /** Rule id of a forwarded alert (OSSECAlert). */
  generatedRuleId?: string;
  /** Replacement log/full_log, location and hostname (OSSECAlert). */
  log?: string;
  location?: string;
  hostname?: string;
}

export type PluginDecoder = (input: PluginInput, sink: FieldSink, outcome: PluginOutcome) => void;
