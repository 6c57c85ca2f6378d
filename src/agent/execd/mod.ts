/**
 * Public entry of the execd: the agent-side executor of active responses (also run by the
 * manager for its own host). The daemon wires createExecd to the transport and the control
 * socket.
 */
export { createExecd, type Execd, type ExecdOptions, type ActiveResponse } from "./execd.ts";
export type { ExecutionResult, OriginKind } from "../../response/mod.ts";
export { resolveCommand, isSafeFileName, type ResolvedCommand, type Resolution } from "./security_control.ts";
export { execdCodes } from "./codes.ts";
export { createArCommandHandler, resultId, type ArCommand, type ArAnswer } from "./ar_command_handler.ts";
export { createAgentActiveResponse, arConfPath, type AgentActiveResponse, type AgentActiveResponseOptions } from "./agent_active_response.ts";
