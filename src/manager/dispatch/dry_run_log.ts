/**
 * Dry-run decisions written to the manager's `logs/active-responses.log`, in Wazuh's line
 * format, as the message that would have been sent with `command: "dry-run"` and the target
 * agent: the local agent collects that file, so the decision comes back as an event and the
 * ruleset can raise an alert on it (the JSON decoder reads `command`, `parameters.agent`,
 * `parameters.program` and the alert's srcip). Response safety writes here too: a response
 * refused by the self-lockout guard as command "self-protected", one turned to dry-run by the
 * circuit breaker with `parameters.reason` "circuit_breaker", and the breaker's transitions
 * as commands "breaker-open"/"breaker-closed" of program active-response/bin/riposte-breaker
 * (rules 660-663).
 * Must not: block (appends are queued on one stream) or throw.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { Clock, Logger } from "../../core/mod.ts";
import { arLogLine, isObject, type BreakerChange } from "../../response/mod.ts";
import type { StoredDecision } from "./response_history.ts";

export interface DryRunLog {
  /** An onDecision handler: writes dry_run decisions, ignores the others. */
  onDecision(decision: StoredDecision, message?: string): void;
  /** A circuit-breaker transition (CircuitBreakerOptions.onChange). */
  onBreaker(change: BreakerChange, originName: string | null): void;
  close(): Promise<void>;
}

/** The line's JSON: the would-be message, command "dry-run", with program and agent. */
export function dryRunMessage(message: string, executable: string, agentId: string, command = "dry-run", reason?: string): string | undefined {
  let m: unknown;
  try {
    m = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isObject(m) || !isObject(m.parameters)) return undefined;
  const origin = isObject(m.origin) ? { ...m.origin, module: "riposte-dispatch" } : { name: null, module: "riposte-dispatch" };
  const why = reason === undefined ? {} : { reason };
  return JSON.stringify({ ...m, origin, command, parameters: { ...m.parameters, program: `active-response/bin/${executable}`, agent: agentId, ...why } });
}

/** The line's JSON for a breaker transition. */
export function breakerMessage(change: BreakerChange, originName: string | null): string {
  return JSON.stringify({
    version: 1, origin: { name: originName, module: "riposte-dispatch" }, command: change.state === "open" ? "breaker-open" : "breaker-closed",
    parameters: {
      scope: change.scope === "*" ? "all" : change.scope, limit: change.limit, window: change.windowSec, suppressed: change.suppressed,
      cause: change.cause ?? "tripped", program: "active-response/bin/riposte-breaker",
    },
  });
}

/** The command and reason a decision is logged with, or undefined when it is not logged. */
function logged(d: StoredDecision): { command: string; reason?: string } | undefined {
  if (d.decision === "dry_run") return d.code === "AR_BREAKER_OPEN" ? { command: "dry-run", reason: "circuit_breaker" } : { command: "dry-run" };
  if (d.decision === "self_protected") return { command: "self-protected", reason: d.reason ?? "self-protected" };
  return undefined;
}

export function openDryRunLog(path: string, executableOf: (name: string) => string | undefined, clock: Clock, logger: Logger): DryRunLog {
  let stream: WriteStream | undefined;
  let failed = false;
  const open = (): WriteStream | undefined => {
    if (!stream) {
      try {
        mkdirSync(dirname(path), { recursive: true });
        stream = createWriteStream(path, { flags: "a" });
        stream.on("error", (error) => {
          failed = true;
          logger.error("Cannot write dry-run decisions to active-responses.log", { path, error });
        });
      } catch (error: unknown) {
        failed = true;
        logger.error("Cannot open active-responses.log for dry-run decisions", { path, error });
        return undefined;
      }
    }
    return stream;
  };
  return {
    onDecision(decision, message) {
      const kind = logged(decision);
      if (!kind || !message || failed) return;
      const executable = executableOf(decision.name) ?? decision.name;
      const line = dryRunMessage(message, executable, decision.agentId ?? "", kind.command, kind.reason);
      if (line) open()?.write(arLogLine(clock.now(), `active-response/bin/${executable}`, line));
    },
    onBreaker(change, originName) {
      if (!failed) open()?.write(arLogLine(clock.now(), "active-response/bin/riposte-breaker", breakerMessage(change, originName)));
    },
    close() {
      const s = stream;
      stream = undefined;
      return new Promise((resolve) => (s ? s.end(() => resolve()) : resolve()));
    },
  };
}
