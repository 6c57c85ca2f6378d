/**
 * ActionError: why a built-in action failed or refused, with a stable code (codes.ts).
 * Thrown inside an action, caught by builtin_action.ts and turned into a failed result.
 * Must not: carry unescaped hostile text in `message` beyond the validated target.
 */
import { RiposteError } from "../../core/mod.ts";
import type { actionCodes } from "./codes.ts";

export type ActionCode = keyof typeof actionCodes;

export class ActionError extends RiposteError {
  override name = "ActionError";
  declare readonly code: ActionCode;

  constructor(code: ActionCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(code, message, options);
  }
}

/** Thrown when the run's AbortSignal fired: the result is "killed". */
export class ActionKilled extends Error {
  override name = "ActionKilled";
}
