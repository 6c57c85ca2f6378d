/**
 * Codes of the REST API. Documented in docs/errors.md under "API"; each maps to one HTTP
 * status in api_error.ts (statusOf).
 * Must not: hold logic.
 */
import { defineCodes } from "../core/mod.ts";

export const apiCodes = defineCodes({
  API_UNAUTHORIZED: "No bearer token, or a token that is malformed, badly signed or for an unknown user",
  API_TOKEN_EXPIRED: "The bearer token is past its expiry",
  API_BAD_CREDENTIALS: "Basic authentication failed: unknown user or wrong password",
  API_FORBIDDEN: "The user's role does not allow this route",
  API_BAD_REQUEST: "The request does not match the route's schema (query, parameters or body)",
  API_NOT_ACCEPTABLE: "The body is not sent as application/json",
  API_BODY_TOO_LARGE: "The request body exceeds the size limit",
  API_NOT_FOUND: "No such route or resource",
  API_METHOD_NOT_ALLOWED: "The route exists but not with this method",
  API_RATE_LIMITED: "Too many requests from this address; retry after the given delay",
  API_UNKNOWN_COMMAND: "PUT /active-response names a command that is not a configured response name (Wazuh 1652)",
  API_NOT_ACTIVE: "No active response with that key (on that agent)",
  API_UNAVAILABLE: "The service behind this route is not running (e.g. no ruleset for logtest)",
  API_BAD_PASSWORD_HASH: "A configured <password_hash> is not in the scrypt$N$r$p$salt$hash format",
  API_INTERNAL: "An unexpected failure while answering (a bug): logged with details",
});

export type ApiCode = keyof typeof apiCodes;
