/**
 * Codes of the execd (the agent-side executor of active responses). Documented in
 * docs/errors.md under "Active response".
 * Must not: hold logic.
 */
import { defineCodes } from "../../core/mod.ts";

export const execdCodes = defineCodes({
  EXECD_UNKNOWN_NAME: "A response name is neither in the allowlist (ar.conf) nor a `!name` custom command",
  EXECD_UNSAFE_NAME: "A response name or executable has a slash, `..`, an absolute path or characters outside [A-Za-z0-9._-]",
  EXECD_NOT_PRESENT: "The response executable is not an executable file inside active-response/bin",
  EXECD_DISABLED: "Active response is disabled on this host: the message is dropped",
  EXECD_STOPPED: "The execd is stopping: the message is refused",
  EXECD_RECONCILED: "At start, an overdue delete from before a restart or crash was run",
  EXECD_LOG_FAILED: "active-responses.log could not be written",
  EXECD_FIREWALL_RECONCILE_FAILED: "At start, the kernel's firewall-drop blocks could not be reconciled with the active responses",
});
