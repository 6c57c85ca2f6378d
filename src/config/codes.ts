/**
 * The diagnostic codes of the configuration reader (prefix CFG_). Documented in
 * docs/errors.md under "Configuration"; test/errors_doc.test.ts keeps both in step.
 */
import { defineCodes } from "../core/mod.ts";

export const configCodes = defineCodes({
  CFG_FILE_READ: "A configuration file cannot be read",
  CFG_NO_OSSEC_CONFIG: "A configuration file has no <ossec_config> element",
  CFG_UNKNOWN_ELEMENT: "An element is not known in this place",
  CFG_UNKNOWN_ATTRIBUTE: "An attribute is not known on this element",
  CFG_UNSUPPORTED_SECTION: "A Wazuh section Riposte does not implement; it is ignored",
  CFG_UNSUPPORTED_OPTION: "A Wazuh option Riposte does not implement; it is ignored",
  CFG_UNSUPPORTED_VALUE: "A value Wazuh accepts but Riposte does not implement; the item is ignored",
  CFG_DEPRECATED_OPTION: "An option Wazuh deprecated; it is ignored",
  CFG_ROLE_IGNORED: "A section only the other role reads; it is checked but not used",
  CFG_DUPLICATE_OPTION: "A single-valued option is written twice in one block; the last wins",
  CFG_EMPTY_VALUE: "An option has no value",
  CFG_INVALID_BOOLEAN: "A yes/no option has another value",
  CFG_INVALID_NUMBER: "A numeric option is not an integer",
  CFG_OUT_OF_RANGE: "A number is outside the allowed range",
  CFG_INVALID_DURATION: "A duration is not a number with an optional s, m, h, d or w suffix",
  CFG_INVALID_VALUE: "A value is not one of those allowed",
  CFG_INVALID_ADDRESS: "An IP address, CIDR or host name is not valid",
  CFG_INVALID_PATH: "A path is not acceptable here",
  CFG_MISSING_OPTION: "A required option is missing",
  CFG_DUPLICATE_SECTION: "A section that may appear once per meaning appears twice",
  CFG_DUPLICATE_COMMAND: "Two <command> blocks have the same name",
  CFG_DUPLICATE_USER: "Two API users have the same name",
  CFG_UNDEFINED_COMMAND: "An <active-response> names a command that is not defined",
  CFG_COMMAND_ORDER: "An <active-response> names a command defined only after it",
  CFG_AR_MISSING_AGENT: "location defined-agent without agent_id or agent_group",
  CFG_AR_TIMEOUT_NOT_ALLOWED: "A timeout on a command without timeout_allowed; it is forced to 0",
  CFG_AR_AGENT_ZERO: "agent_id 000 is the manager itself: the id is skipped (a block left without agents is skipped)",
  CFG_WHITELIST_HOSTNAME: "A white_list entry is a host name pattern, not an address; it is ignored",
  CFG_WHITELIST_NEGATION: "A white_list entry starts with '!'; it is ignored",
});
