/**
 * The mutable accumulator parse_rule.ts fills while walking one `<rule>`; `build()` returns
 * the frozen RuleSpec.
 */
import type { SourceLocation } from "../../core/mod.ts";
import type { CorrelationKey, FieldSpec, ListSpec, PatternKind, PatternSpec, RuleSpec } from "./rule_spec.ts";

export class RuleSpecBuilder {
  id = 0;
  level = 0;
  frequency: number | undefined;
  timeframe = 360;
  ignoreSeconds: number | undefined;
  maxsize: number | undefined;
  accuracy: number | undefined;
  noalert = false;
  overwrite = false;
  groupString: string;
  description: string | undefined;
  category: string | undefined;
  decodedAs: string | undefined;
  ifSid: string | undefined;
  ifGroup: string | undefined;
  ifLevel: string | undefined;
  ifMatchedSid: string | undefined;
  ifMatchedGroup: string | undefined;
  ifMatchedRegex: string | undefined;
  readonly patterns = new Map<PatternKind, PatternSpec>();
  readonly fields: FieldSpec[] = [];
  readonly srcip: string[] = [];
  readonly dstip: string[] = [];
  readonly ipNegate = { srcip: false, dstip: false };
  readonly lists: ListSpec[] = [];
  compiledRule: string | undefined;
  time: string | undefined;
  weekday: string | undefined;
  ifFts = false;
  checkDiff = false;
  checkIfIgnored: string | undefined;
  ignoreFields: string | undefined;
  readonly same: CorrelationKey[] = [];
  readonly different: CorrelationKey[] = [];
  readonly sameFields: string[] = [];
  readonly differentFields: string[] = [];
  globalFrequency = false;
  readonly options: string[] = [];
  readonly mitre: string[] = [];
  readonly info: { type: string; text: string }[] = [];
  readonly statefulElements: string[] = [];
  readonly #file: string;
  readonly #location: SourceLocation;

  constructor(file: string, location: SourceLocation, groupName: string) {
    this.#file = file;
    this.#location = location;
    this.groupString = groupName;
  }

  build(): RuleSpec {
    return Object.freeze({
      file: this.#file,
      location: this.#location,
      id: this.id,
      level: this.level,
      frequency: this.frequency,
      timeframe: this.timeframe,
      ignoreSeconds: this.ignoreSeconds,
      maxsize: this.maxsize,
      noalert: this.noalert,
      overwrite: this.overwrite,
      accuracy: this.accuracy,
      groupString: this.groupString,
      // Wazuh compat: the first newline of a description becomes a space (rules.c).
      description: (this.description ?? "").replace("\n", " "),
      category: this.category,
      decodedAs: this.decodedAs,
      ifSid: this.ifSid,
      ifGroup: this.ifGroup,
      ifLevel: this.ifLevel,
      ifMatchedSid: this.ifMatchedSid,
      ifMatchedGroup: this.ifMatchedGroup,
      ifMatchedRegex: this.ifMatchedRegex,
      patterns: this.patterns,
      fields: this.fields,
      srcip: this.srcip,
      dstip: this.dstip,
      ipNegate: this.ipNegate,
      lists: this.lists,
      compiledRule: this.compiledRule,
      time: this.time,
      weekday: this.weekday,
      ifFts: this.ifFts,
      checkDiff: this.checkDiff,
      checkIfIgnored: this.checkIfIgnored,
      ignoreFields: this.ignoreFields,
      same: this.same,
      different: this.different,
      sameFields: this.sameFields,
      differentFields: this.differentFields,
      globalFrequency: this.globalFrequency,
      options: this.options,
      mitre: this.mitre,
      info: this.info,
      statefulElements: this.statefulElements,
    });
  }
}
