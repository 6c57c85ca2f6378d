/**
 * Codes of response safety (self-lockout guard with force, circuit breaker). Documented in
 * docs/errors.md under "Response safety".
 * Must not: hold logic.
 */
import { defineCodes } from "../core/mod.ts";

export const safetyCodes = defineCodes({
  AR_BREAKER_OPEN: "The response circuit breaker is open (too many new responses in its window): this response is a dry-run",
  AR_SSH_PEERS_UNREADABLE: "protect_ssh_sessions is on but `ss` could not list the established SSH sessions: they are not protected until it can",
  AR_GUARD_FORCED: "A manual request with force ran a response the self-lockout guard would have refused",
});
