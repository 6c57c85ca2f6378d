/**
 * Public entry of the REST API: the server (Wazuh-compatible routes, Riposte's routes, the
 * dashboard), its codes, and the password hashing used by `<api><user><password_hash>`.
 */
export { createApiServer, type ApiServer, type ApiServerOptions } from "./api_server.ts";
export type { AgentSource } from "./api_context.ts";
export { apiCodes, type ApiCode } from "./codes.ts";
export { ApiError } from "./api_error.ts";
export { hashPassword, verifyPassword, parsePasswordHash } from "./password_hash.ts";
export { logtestFactory } from "./logtest_factory.ts";
