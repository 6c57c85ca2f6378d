/**
 * The agent's plug between the channel and the execd: each AR command received (id,
 * payload, expiresAt) is checked for expiry (an expired one is answered "expired" and not
 * run), lifts (`!:lift`) go to execd.lift, everything else to execd.execute; the answer is
 * the encoded ExecutionResult. Results without a command (timeout deletes, reconciliation)
 * go through `report`, which the agent sends as unsolicited ar_result messages.
 * Must not: throw (the channel's ArHandler contract) or run an expired command.
 */
import type { Clock, Logger } from "../../core/mod.ts";
import { encodeResult, liftKey, type ExecutionResult, type WireOutcome } from "../../response/mod.ts";
import type { Execd } from "./execd.ts";

/** What the channel gives the handler (transport ArMessage is assignable). */
export interface ArCommand {
  readonly id: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly expiresAt: number;
}

export interface ArAnswer {
  readonly id: string;
  readonly outcome: WireOutcome;
  readonly detail?: string;
}

export function createArCommandHandler(execd: Execd, clock: Clock, logger: Logger): (command: ArCommand, respond: (answer: ArAnswer) => void) => void {
  return (command, respond) => {
    if (command.expiresAt > 0 && command.expiresAt <= clock.now()) {
      respond({ id: command.id, outcome: "expired", detail: "the command expired before it reached the agent" });
      return;
    }
    const key = liftKey(command.payload);
    const run: Promise<ExecutionResult | undefined> = key !== undefined
      ? execd.lift(key, { commandId: command.id })
      : execd.execute(JSON.stringify(command.payload), { commandId: command.id });
    void run.then((result) => {
      if (!result) respond({ id: command.id, outcome: "refused", detail: `no active response with key ${key ?? ""}`.slice(0, 4096) });
      else respond({ id: command.id, ...encodeResult(result) });
    }, (error: unknown) => {
      logger.error("An AR command failed in the execd", { error });
      respond({ id: command.id, outcome: "failed", detail: "internal error" });
    });
  };
}

/** An id for an unsolicited result (a timeout delete has no command id). */
export function resultId(result: ExecutionResult, seq: number): string {
  return result.commandId ?? `execd.${result.command}.${result.at}.${seq}`;
}
