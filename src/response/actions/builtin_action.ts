/**
 * The ResponseAction adapter shared by every built-in: validate the message into a target
 * (pure), ask check_keys once when the action is stateful, act, and turn whatever happened
 * into exactly one ActionResult (done, aborted, failed with a code, killed on cancel).
 * After "continue", the target is read again from the message with `parameters.timeout` set
 * to the timeout the caller granted (AddContext.grantedTimeoutSec), so firewall-drop's kernel
 * timeout follows the execd's (escalated) timeout.
 * The same object runs in-process in the agent and behind the executable (script_main.ts).
 * Must not: keep dedup or timeout state (the execd does), throw from add/delete.
 */
import { systemClock, type Clock } from "../../core/mod.ts";
import type { ActionContext, ActionResult, AddContext, ResponseAction } from "../action.ts";
import { checkKeysLine, type ArMessage } from "../protocol.ts";
import { ActionError, ActionKilled } from "./action_error.ts";

export interface RunContext {
  readonly signal: AbortSignal;
  /** Writes an action line (`active-responses.log` in Wazuh's format, or stderr). */
  readonly log: (line: string) => void;
}

export interface BuiltinSpec<T> {
  readonly name: string;
  /** The target named by the message, or the reason it names none. MUST be pure. */
  target(message: ArMessage): T | ActionError;
  /** check_keys keys for a stateful action; absent = stateless (decide is never asked). */
  keys?(target: T): readonly string[];
  add(target: T, ctx: RunContext): Promise<void>;
  /** MUST be idempotent: deleting what is absent succeeds. */
  delete(target: T, ctx: RunContext): Promise<void>;
}

export interface BuiltinHooks {
  readonly clock?: Clock;
  /** Action lines (what was done, why it failed). @default nothing */
  readonly log?: (line: string) => void;
}

/** The message with `parameters.timeout` (seconds) set: what the execd granted this response. */
function withTimeout(message: ArMessage, timeoutSec: number): ArMessage {
  return { ...message, parameters: { ...message.parameters, timeout: timeoutSec } };
}

export function builtinAction<T>(spec: BuiltinSpec<T>, hooks: BuiltinHooks = {}): ResponseAction {
  const clock = hooks.clock ?? systemClock;
  const log = hooks.log ?? (() => undefined);
  const run = async (ctx: ActionContext, body: (rc: RunContext) => Promise<"done" | "aborted">, keyed: boolean): Promise<ActionResult> => {
    const started = clock.now();
    const handshake = keyed ? "keys" as const : "not-applicable" as const;
    const base = () => ({ durationMs: clock.now() - started, handshake });
    try {
      ctx.onStart?.();
      const outcome = await body({ signal: ctx.signal, log });
      if (ctx.signal.aborted) throw new ActionKilled("cancelled");
      return { ...base(), outcome, exitCode: 0 };
    } catch (error: unknown) {
      if (error instanceof ActionKilled || ctx.signal.aborted) {
        return { ...base(), outcome: "killed", exitCode: null, code: "AR_SCRIPT_KILLED", reason: "killed: cancelled" };
      }
      const e = error instanceof ActionError ? error : new ActionError("ACTION_COMMAND_FAILED", error instanceof Error ? error.message : "internal error");
      log(`Error: ${e.code}: ${e.message}`);
      return { ...base(), outcome: "failed", exitCode: 1, code: e.code, reason: e.message };
    }
  };
  return {
    name: spec.name,
    add(message: ArMessage, ctx: AddContext): Promise<ActionResult> {
      const target = spec.target(message);
      const keys = target instanceof ActionError ? undefined : spec.keys?.(target);
      return run(ctx, async (rc) => {
        if (target instanceof ActionError) throw target;
        if (keys !== undefined) {
          const decision = await ctx.decide({ kind: "keys", keys, line: checkKeysLine(spec.name, keys) });
          if (decision !== "continue") return "aborted";
        }
        if (rc.signal.aborted) throw new ActionKilled("cancelled");
        const granted = keys === undefined ? undefined : ctx.grantedTimeoutSec?.();
        const final = granted === undefined ? target : spec.target(withTimeout(message, granted));
        await spec.add(final instanceof ActionError ? target : final, rc);
        return "done";
      }, keys !== undefined);
    },
    delete(message: ArMessage, ctx: ActionContext): Promise<ActionResult> {
      const target = spec.target(message);
      return run(ctx, async (rc) => {
        if (target instanceof ActionError) throw target;
        await spec.delete(target, rc);
        return "done";
      }, false);
    },
  };
}
