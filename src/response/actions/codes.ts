/**
 * Codes of the built-in response actions (src/response/actions). Each is documented in
 * docs/errors.md under "Built-in response actions".
 * Must not: hold logic.
 */
import { defineCodes } from "../../core/mod.ts";

export const actionCodes = defineCodes({
  ACTION_TOOL_MISSING: "A tool the action needs (nft, iptables, conntrack, ip, usermod, firewall-cmd…) is not installed",
  ACTION_PERMISSION_DENIED: "The operating system refused the action (not root, or missing CAP_NET_ADMIN)",
  ACTION_COMMAND_FAILED: "A command the action ran (a kernel or system change) exited with an error",
  ACTION_BAD_TARGET: "The message names no valid target for this action (no valid IP, user, pid or process)",
  ACTION_REFUSED: "The target is protected (root, a system account, pid 1, the agent itself or its ancestors)",
  ACTION_BAD_OPTION: "An action option (extra_args key=value, or an in-process option) is invalid",
  ACTION_BAD_MESSAGE: "The script input is neither a valid JSON message nor the positional form",
  ACTION_LOCK_TIMEOUT: "The action could not take its file lock in time",
  ACTION_WEBHOOK_FAILED: "The webhook did not answer with a 2xx status in time",
});
