/** Agents of the manager: registry, enrollment (authd), PKI material, rate limiting. */
export { AgentRegistry, type AgentRecord, type AgentStatus, type NewAgent } from "./agent_registry.ts";
export { serveEnrollment, type DuplicateNamePolicy, type EnrollmentDeps } from "./enrollment.ts";
export { loadManagerPki, type ManagerPki } from "./manager_pki.ts";
export { RateLimiter, type RateLimiterOptions } from "./rate_limiter.ts";
