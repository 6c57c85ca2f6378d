/**
 * Codes of the manager's response dispatch. Documented in docs/errors.md under
 * "Active response".
 * Must not: hold logic.
 */
import { defineCodes } from "../../core/mod.ts";

export const dispatchCodes = defineCodes({
  DISPATCH_UNKNOWN_AGENT: "A response targets an agent id the manager does not know",
  DISPATCH_NO_TARGET: "A response resolved to no agent (no active agent, empty group)",
  DISPATCH_EXPIRED: "A queued response for an offline agent expired before the agent reconnected",
  DISPATCH_UNKNOWN_RESPONSE: "A manual or API response names no configured response (and is not `!name`)",
  DISPATCH_BAD_REQUEST: "A control request for active response has missing or invalid arguments",
  DISPATCH_NOT_ACTIVE: "No active response with that key (on that agent)",
  DISPATCH_DRY_RUN: "A dry-run response block matched: the decision is recorded and alerted, nothing runs",
});
