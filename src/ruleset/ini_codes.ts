/**
 * Codes of the ruleset test-case reader (ini_cases.ts): lines of a Wazuh-format `.ini` test
 * file that the official harness would silently ignore, reported so a typo cannot drop a test.
 */
import { defineCodes } from "../core/mod.ts";

export const iniCodes = defineCodes({
  INI_OUTSIDE_SECTION: "A line of an .ini test file comes before its first [section]",
  INI_NO_DELIMITER: "A line of an .ini test file has no \"=\" or \":\" (the harness ignores it)",
  INI_UNKNOWN_KEY: "An .ini test key is not \"log N pass\", \"log N fail\", \"rule\", \"alert\" or \"decoder\"",
  INI_NO_RUN: "An .ini test section has no \"log N pass\" or \"log N fail\" key, so it tests nothing",
});

export type IniCode = keyof typeof iniCodes;
