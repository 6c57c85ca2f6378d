/**
 * Diagnostic codes of the decoder loader. Each is documented in docs/errors.md (section
 * "Decoders"). Must not: hold anything but the code table.
 */
import { defineCodes } from "../../core/mod.ts";

export const decoderCodes = defineCodes({
  DEC_UNKNOWN_ROOT: "A decoder file holds a root element other than <decoder>",
  DEC_MISSING_NAME: "A <decoder> has no name attribute, or an empty one",
  DEC_UNKNOWN_ELEMENT: "A <decoder> holds an element Wazuh does not know",
  DEC_BAD_VALUE: "An element or attribute of a decoder has a value outside its allowed set",
  DEC_NO_PREMATCH: "A top-level decoder has neither <prematch> nor <program_name>",
  DEC_REGEX_WITHOUT_ORDER: "A decoder has <regex> but no <order>",
  DEC_ORDER_WITHOUT_REGEX: "A decoder has <order> but no <regex>",
  DEC_REGEX_NO_GROUP: "An OS_Regex <regex> has no capture group",
  DEC_BAD_PATTERN: "A <program_name>, <prematch> or <regex> pattern does not compile",
  DEC_PLUGIN_WITH_REGEX: "A decoder has both <plugin_decoder> and <regex>/<order>",
  DEC_UNKNOWN_PLUGIN: "<plugin_decoder> names no known plug-in decoder",
  DEC_UNKNOWN_PARENT: "<parent> names no top-level decoder loaded before this one",
  DEC_BAD_OFFSET: "An offset is not allowed here (after_regex without a previous same-named sibling)",
  DEC_SIBLING_PREMATCH: "A same-named sibling decoder other than the first has a <prematch>",
  DEC_SIBLING_FTS: "A same-named sibling decoder other than the first has an <fts>",
  DEC_SIBLING_NO_REGEX: "Same-named sibling decoders must each have a <regex> or a plug-in",
  DEC_PATTERN_TOO_LONG: "A pattern (repeated elements concatenated) is 1024 characters or longer",
  DEC_FTS_WITHOUT_REGEX: "A decoder has <fts> but no <regex>",
});
