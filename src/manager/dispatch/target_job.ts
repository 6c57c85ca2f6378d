/**
 * One response for one agent, ready for the self-protection check and the queue (built from
 * an alert's binding or from a manual request).
 * Must not: hold logic.
 */
import type { DecisionRecord } from "./response_history.ts";

export interface TargetJob {
  readonly agentId: string;
  readonly name: string;
  readonly executable: string;
  readonly timeoutSec: number;
  readonly dryRun: boolean;
  /** The serialised Wazuh message. */
  readonly message: string;
  /** Validated IPs the response acts on (self-protection checks each). */
  readonly ips: readonly string[];
  readonly base: Omit<DecisionRecord, "decision" | "at" | "agentId">;
  /** Manual requests: run even where the self-lockout guard refuses (recorded AR_GUARD_FORCED). */
  readonly force?: boolean;
}
