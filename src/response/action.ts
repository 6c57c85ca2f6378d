/**
 * The ResponseAction plug-in shape (aesthetics §5.3): Wazuh's add/delete lifecycle with the
 * check_keys decision in the middle. Every action (an executable script, an in-process
 * built-in) has this shape and passes test/harness/response_action_conformance.ts.
 * Must not: hold timeouts or dedup state (execd owns both); an action only acts.
 */
import type { ArMessage } from "./protocol.ts";

export type Decision = "continue" | "abort";

/** What an action told the caller about its dedup keys during an add. */
export type KeysAnswer =
  | { readonly kind: "keys"; readonly keys: readonly string[]; readonly line?: string }
  /** The action answered something that is not a well-formed check_keys message. */
  | { readonly kind: "malformed"; readonly line: string };

export interface ActionContext {
  /** Aborting it stops the action (a process is killed with its group); the result says "killed". */
  readonly signal: AbortSignal;
  /** Called once when the action really starts (process spawned). */
  readonly onStart?: () => void;
}

export interface AddContext extends ActionContext {
  /**
   * Asks the caller whether to go on. An action MUST call it at most once, MUST call it
   * before making any change, and MUST make no change when the answer is "abort". An action
   * that never calls it is stateless for this run (Wazuh: no check_keys line).
   */
  decide(answer: KeysAnswer): Promise<Decision>;
  /**
   * The response's timeout in seconds once `decide` answered "continue" (after
   * repeated-offender escalation); undefined before, for timeout 0, or when the caller keeps
   * no timeout. In-process actions read it after deciding (built-ins put it in the message
   * they act on as `parameters.timeout`); a script never sees it (its message was written
   * before the decision).
   */
  readonly grantedTimeoutSec?: () => number | undefined;
}

export type Outcome = "done" | "aborted" | "failed" | "killed";

/** The result of one run; every run produces one, whatever happened. */
export interface ActionResult {
  readonly outcome: Outcome;
  /** Process exit status, null when killed or never started. */
  readonly exitCode: number | null;
  readonly durationMs: number;
  /** A stable code (AR_SCRIPT_FAILED, AR_SCRIPT_KILLED, AR_SPAWN_FAILED…) with a human reason. */
  readonly code?: string;
  readonly reason?: string;
  /** How the check_keys step went: answered, malformed, no answer (EOF), or silent past the handshake limit. */
  readonly handshake: "keys" | "malformed" | "none" | "silent" | "not-applicable";
}

/**
 * A response action. `message` is the script-protocol message (execd has set program and
 * origin). Contract:
 * - add MUST resolve (never reject) with a result, whatever the script does;
 * - delete MUST be idempotent (deleting what is absent succeeds) and MUST NOT ask anything;
 * - both MUST stop when `ctx.signal` aborts;
 * - the caller retries nothing: a failed result is recorded and reported.
 */
export interface ResponseAction {
  /** The executable's name (`firewall-drop`). */
  readonly name: string;
  add(message: ArMessage, ctx: AddContext): Promise<ActionResult>;
  delete(message: ArMessage, ctx: ActionContext): Promise<ActionResult>;
}
