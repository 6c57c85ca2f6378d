/**
 * The parsed, not yet compiled form of one `<rule>`: plain data taken from the XML with the
 * positions needed for diagnostics. parse_rule.ts produces it; build_rules.ts compiles it.
 * Must not: hold compiled matchers or references to other rules.
 */
import type { SourceLocation } from "../../core/mod.ts";
import type { PatternDialect } from "./pattern.ts";

/** Matcher elements whose repeated occurrences are concatenated (semantics §1.4). */
export const PATTERN_KINDS = [
  "program_name",
  "id",
  "system_name",
  "protocol",
  "match",
  "regex",
  "action",
  "url",
  "location",
  "user",
  "srcgeoip",
  "dstgeoip",
  "data",
  "extra_data",
  "hostname",
  "status",
  "srcport",
  "dstport",
] as const;
export type PatternKind = (typeof PATTERN_KINDS)[number];

export interface PatternSpec {
  readonly text: string;
  /** The `type` attribute of the last occurrence, when valid. */
  readonly dialect: PatternDialect | undefined;
  readonly negate: boolean;
  readonly location: SourceLocation;
}

export interface FieldSpec {
  readonly name: string;
  readonly pattern: PatternSpec;
}

export interface ListSpec {
  readonly field: string;
  readonly lookup: string;
  readonly checkValue: string | undefined;
  readonly listName: string;
  readonly location: SourceLocation;
}

/** Event values `same_*` / `different_*` compare (semantics §1.5.5). */
export type CorrelationKey =
  | "srcip" | "dstip" | "srcport" | "dstport" | "protocol" | "action" | "id" | "url" | "data"
  | "extra_data" | "status" | "system_name" | "srcuser" | "dstuser" | "location" | "srcgeoip" | "dstgeoip";

export interface RuleSpec {
  readonly file: string;
  readonly location: SourceLocation;
  readonly id: number;
  readonly level: number;
  readonly frequency: number | undefined;
  readonly timeframe: number;
  readonly ignoreSeconds: number | undefined;
  readonly maxsize: number | undefined;
  readonly noalert: boolean;
  readonly overwrite: boolean;
  readonly accuracy: number | undefined;
  /** The enclosing `<group name>` followed by every `<group>` text. */
  readonly groupString: string;
  readonly description: string;
  readonly category: string | undefined;
  readonly decodedAs: string | undefined;
  readonly ifSid: string | undefined;
  readonly ifGroup: string | undefined;
  readonly ifLevel: string | undefined;
  readonly ifMatchedSid: string | undefined;
  readonly ifMatchedGroup: string | undefined;
  readonly ifMatchedRegex: string | undefined;
  readonly patterns: ReadonlyMap<PatternKind, PatternSpec>;
  readonly fields: readonly FieldSpec[];
  readonly srcip: readonly string[];
  readonly dstip: readonly string[];
  readonly ipNegate: { readonly srcip: boolean; readonly dstip: boolean };
  readonly lists: readonly ListSpec[];
  readonly compiledRule: string | undefined;
  readonly time: string | undefined;
  readonly weekday: string | undefined;
  readonly ifFts: boolean;
  readonly checkDiff: boolean;
  readonly checkIfIgnored: string | undefined;
  readonly ignoreFields: string | undefined;
  readonly same: readonly CorrelationKey[];
  readonly different: readonly CorrelationKey[];
  readonly sameFields: readonly string[];
  readonly differentFields: readonly string[];
  readonly globalFrequency: boolean;
  readonly options: readonly string[];
  readonly mitre: readonly string[];
  readonly info: readonly { readonly type: string; readonly text: string }[];
  /** Names of the stateful elements present (for the "needs if_matched_*" check). */
  readonly statefulElements: readonly string[];
}
