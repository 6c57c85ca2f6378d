/**
 * Public entry of dispatch: the manager's responder (alert → decisions → per-agent queues →
 * delivery), its agent-directory and queue interfaces, and the response history.
 */
export { createResponder, type Responder, type ResponderOptions, type ResponderConfig, type Deliver } from "./responder.ts";
export type { AgentDirectory, AgentInfo, AgentStatus } from "./agent_directory.ts";
export { createSqliteCommandQueue, type CommandQueue, type QueuedCommand } from "./command_queue.ts";
export type { ActiveRecord, DecisionKind, DecisionRecord, StoredDecision } from "./response_history.ts";
export type { ManualRequest } from "./manual_request.ts";
export { routeTargets, MANAGER_AGENT_ID } from "./routing.ts";
export { dispatchCodes } from "./codes.ts";
export { registerArCommands, type ArControlDeps, type ControlRegistryLike } from "./control_commands.ts";
export { agentDirectoryFrom, wireDeliver, resultFromWire, type AgentRecordLike, type WireArCommand } from "./wire.ts";
export { createManagerActiveResponse, type ManagerActiveResponse, type ManagerActiveResponseOptions } from "./manager_active_response.ts";
