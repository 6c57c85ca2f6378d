/** Public entry of the agent daemon (a library first: nothing runs at import). */
export { createAgent, localfileSpecs, AGENT_VERSION, type Agent, type AgentDeps, type AgentService, type AgentStats } from "./agent.ts";
export { EventSpool, type EventSpoolOptions, type SpooledEvent } from "./spool/mod.ts";
export {
  ManagerClient, enrollAgent, hasAgentIdentity, loadAgentIdentity, saveAgentIdentity,
  type AgentIdentity, type ArHandler, type ArResponder, type ClientStatus, type EnrollOptions, type ManagerClientOptions,
} from "./client/mod.ts";
