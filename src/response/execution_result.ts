/**
 * The result every execution of a response reports, shared by the execd (which produces it)
 * and the manager's dispatch (which records it and keeps the per-agent active list).
 * Must not: hold logic.
 */
import type { Outcome } from "./action.ts";

/** Who asked for the response: a rule, the REST API, or an operator (`riposte control`). */
export type OriginKind = "rule" | "api" | "manual";

export interface ExecutionResult {
  /** The manager's command id when given to execute(), so results correlate. */
  readonly commandId?: string;
  readonly command: "add" | "delete";
  /** The response name received (`firewall-drop600`, `!custom.sh`). */
  readonly name: string;
  readonly executable?: string;
  /** The dedup key, when the run had one. */
  readonly key?: string;
  /** `refused`: nothing ran (security control, hostile input, disabled, stopping). */
  readonly outcome: Outcome | "refused";
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly code?: string;
  readonly reason?: string;
  readonly origin: OriginKind;
  readonly ruleId?: string;
  readonly alertId?: string;
  /** The IP or user acted on, when the alert names one. */
  readonly target?: string;
  /** When the run started (ms since epoch). */
  readonly at: number;
  /** Seconds the response stays active (after repeated-offender escalation), 0 when stateless. */
  readonly timeoutSec: number;
  /** For a stateful add that holds (continued or extended an entry): when its delete is due. */
  readonly expiresAt?: number;
  /** For deletes: why it ran. */
  readonly trigger?: "timeout" | "lift" | "stop" | "reconcile";
}
