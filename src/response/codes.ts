/**
 * Codes of the active-response core (protocol, binding, whitelist, self-protection,
 * allowlist, actions). Each is documented in docs/errors.md under "Active response".
 * Must not: hold logic.
 */
import { defineCodes } from "../core/mod.ts";

export const responseCodes = defineCodes({
  AR_BAD_MESSAGE: "An active-response message is not valid JSON or has no string `command`",
  AR_MESSAGE_TOO_LARGE: "An active-response message exceeds the 65,536-byte limit even without its log text",
  AR_BAD_CHECK_KEYS: "A script answered something other than a well-formed check_keys line",
  AR_INVALID_IP: "An alert IP field (srcip, win.eventdata.ipAddress/destinationIp) is not a valid IP address",
  AR_INVALID_USER: "An alert's dstuser does not match the strict username pattern",
  AR_WHITELISTED: "The alert's IP is in the global white_list: no response runs for this alert",
  AR_SELF_PROTECTED: "The IP is the manager's, the target agent's own, or loopback: an IP response is refused",
  AR_UNKNOWN_COMMAND: "An <active-response> names a <command> that is not defined before it",
  AR_BAD_LOCATION: "An <active-response> location matches none of server, local, defined-agent, all",
  AR_NO_AGENT: "A defined-agent response has no agent_id nor agent_group",
  AR_AGENT_ZERO: "agent_id 000 in a defined-agent response: use location server; the id is skipped",
  AR_TIMEOUT_NOT_ALLOWED: "A timeout is set on a command without timeout_allowed: the timeout becomes 0",
  AR_NEGATIVE_TIMEOUT: "A negative timeout is refused and becomes 0",
  AR_BAD_WHITELIST: "A white_list entry is neither an IP address, a CIDR nor an address/netmask",
  AR_BAD_ARCONF_LINE: "An ar.conf line is not `name - executable - timeout`",
  AR_SPAWN_FAILED: "A response executable could not be started",
  AR_SCRIPT_KILLED: "A response executable ran longer than the watchdog allows and was killed",
  AR_SCRIPT_FAILED: "A response executable exited with a non-zero status",
});
