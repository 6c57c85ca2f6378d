/** The control socket: server with a handler registry, client, the manager's own commands. */
export { ControlServer, type ControlHandler, type ControlRegistry } from "./control_server.ts";
export { controlRequest, type ControlResponse } from "./control_client.ts";
export { registerAgentCommands, type AgentSummary } from "./agent_commands.ts";
