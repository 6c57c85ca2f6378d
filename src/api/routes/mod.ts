/** The API's routes, one registrar per concern (each adds its routes to a fastify instance). */
export { activeResponseRoutes } from "./active_response_routes.ts";
export { agentsRoutes } from "./agents_routes.ts";
export { alertsRoutes } from "./alerts_routes.ts";
export { liveRoutes } from "./live_routes.ts";
export { logtestRoutes } from "./logtest_routes.ts";
export { securityRoutes } from "./security_routes.ts";
export { webRoutes } from "./web_routes.ts";
