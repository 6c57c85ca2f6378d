/** Codes emitted by the pattern compilers (Wazuh OS_Regex, OS_Match/sregex, PCRE2). */
import { defineCodes } from "../../core/mod.ts";

export const regexCodes = defineCodes({
  REGEX_UNKNOWN_DIALECT: "The pattern type is not one of osregex, osmatch, sregex, pcre2",
  REGEX_TOO_LONG: "The pattern is longer than Wazuh's 20480-character limit",
  REGEX_OSREGEX_BAD_ESCAPE: "An OS_Regex pattern uses a backslash escape OS_Regex does not know",
  REGEX_OSREGEX_BAD_GROUP: "An OS_Regex pattern has nested, unbalanced or alternated parentheses",
  REGEX_PCRE2_SYNTAX: "A PCRE2 pattern is not valid PCRE2",
  REGEX_PCRE2_UNSUPPORTED: "A PCRE2 pattern uses a construct that has no JavaScript equivalent",
  REGEX_PCRE2_APPROXIMATED: "A PCRE2 construct is translated with a documented approximation",
});
