/** The agent server: sessions over authenticated channels. */
export { AgentServer, type AgentServerDeps } from "./agent_server.ts";
