/**
 * What dispatch needs to know about agents: status, addresses (self-protection) and groups
 * (routing). The manager's agent registry implements it; in a cluster it answers for the
 * whole cluster, not one node.
 * Contract: get/list MUST be cheap and synchronous (an in-memory view), MUST NOT throw, and
 * MUST include the manager's own agent "000" when it runs responses locally.
 */
export type AgentStatus = "active" | "disconnected" | "never_connected" | "pending";

export interface AgentInfo {
  /** Three or more digits, "000" for the manager's own agent. */
  readonly id: string;
  readonly name: string;
  readonly status: AgentStatus;
  /** The agent's own addresses (as registered and as seen connecting); never blocked on it. */
  readonly addresses: readonly string[];
  readonly groups: readonly string[];
}

export interface AgentDirectory {
  get(id: string): AgentInfo | undefined;
  list(): readonly AgentInfo[];
}
