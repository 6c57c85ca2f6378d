/** Public entry of the agent's manager client: connection, enrollment, identity files. */
export { ManagerClient, type ArHandler, type ArResponder, type ClientStatus, type ManagerClientOptions } from "./manager_client.ts";
export { enrollAgent, type EnrollOptions } from "./enroll.ts";
export { hasAgentIdentity, loadAgentIdentity, saveAgentIdentity, type AgentIdentity } from "./agent_identity.ts";
