/**
 * Stable codes of the rule loader, the rule tree, CDB lists and ruleset loading. Documented in
 * docs/errors.md under "## Rules".
 */
import { defineCodes } from "../../core/mod.ts";

export const ruleCodes = defineCodes({
  RULE_NOT_GROUP: "A rule file holds something other than <group name=...> elements",
  RULE_BAD_ATTRIBUTE: "A rule attribute has an invalid value (id, level, frequency, timeframe, ...)",
  RULE_UNKNOWN_ATTRIBUTE: "A rule attribute is not known; it is ignored",
  RULE_UNKNOWN_ELEMENT: "A rule holds an element Wazuh does not know; the rule is dropped",
  RULE_NO_DESCRIPTION: "A rule has no <description>; the rule is dropped",
  RULE_BAD_VALUE: "A rule element has an invalid value; the rule is dropped",
  RULE_BAD_TYPE: "A matcher's type attribute is not osmatch, osregex or pcre2; the default is kept",
  RULE_BAD_PATTERN: "A rule pattern does not compile; the rule is dropped",
  RULE_UNKNOWN_OPTION: "An <options> value is not known; it is ignored",
  RULE_STATIC_FIELD: "<field name> names a static field, which Wazuh rejects; the rule is dropped",
  RULE_STATEFUL_WITHOUT_MATCH: "frequency/same_*/different_* without if_matched_*: the whole file is rejected",
  RULE_UNKNOWN_DECODER: "<decoded_as> names a decoder that is not loaded; the rule is dropped",
  RULE_UNKNOWN_CATEGORY: "<category> is not one of Wazuh's decoder types; the rule is dropped",
  RULE_DUPLICATE_ID: "A rule id is defined again without overwrite=\"yes\"; the later rule is ignored",
  RULE_INVALID_IF_SID: "<if_sid> holds something other than ids; the rule is dropped",
  RULE_UNKNOWN_IF_SID: "An id of <if_sid> or <if_matched_sid> names no loaded rule",
  RULE_NO_PARENT: "None of the rule's parents exist; the rule is dropped (and its children)",
  RULE_LIST_NOT_LOADED: "<list> names a list that is not configured; the rule is dropped",
  RULE_BAD_LOOKUP: "<list lookup> is not one of the six lookup kinds; the rule is dropped",
  RULE_FILE_UNREADABLE: "A decoder, rule or list file or folder cannot be read",
  RULE_RULESET_NOT_FOUND: "A ruleset folder has neither decoders/ nor rules/ (nor ruleset/ holding them)",
});
