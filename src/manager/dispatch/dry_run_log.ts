/**
 * Dry-run decisions written to the manager's `logs/active-responses.log`, in Wazuh's line
 * format, as the message that would have been sent with `command: "dry-run"` and the target
 * agent: the local agent collects that file, so the decision comes back as an event and the
 * ruleset can raise an alert on it (the JSON decoder reads `command`, `parameters.agent`,
 * `parameters.program` and the alert's srcip).
 * Must not: block (appends are queued on one stream) or throw.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { Clock, Logger } from "../../core/mod.ts";
import { arLogLine, isObject } from "../../response/mod.ts";
import type { StoredDecision } from "./response_history.ts";

export interface DryRunLog {
  /** An onDecision handler: writes dry_run decisions, ignores the others. */
  onDecision(decision: StoredDecision, message?: string): void;
  close(): Promise<void>;
}

/** The line's JSON: the would-be message, command "dry-run", with program and agent. */
export function dryRunMessage(message: string, executable: string, agentId: string): string | undefined {
  let m: unknown;
  try {
    m = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isObject(m) || !isObject(m.parameters)) return undefined;
  const origin = isObject(m.origin) ? { ...m.origin, module: "riposte-dispatch" } : { name: null, module: "riposte-dispatch" };
  return JSON.stringify({ ...m, origin, command: "dry-run", parameters: { ...m.parameters, program: `active-response/bin/${executable}`, agent: agentId } });
}

export function openDryRunLog(path: string, executableOf: (name: string) => string | undefined, clock: Clock, logger: Logger): DryRunLog {
  let stream: WriteStream | undefined;
  let failed = false;
  return {
    onDecision(decision, message) {
      if (decision.decision !== "dry_run" || !message || failed) return;
      const executable = executableOf(decision.name) ?? decision.name;
      const line = dryRunMessage(message, executable, decision.agentId ?? "");
      if (!line) return;
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
          return;
        }
      }
      stream.write(arLogLine(clock.now(), `active-response/bin/${executable}`, line));
    },
    close() {
      const s = stream;
      stream = undefined;
      return new Promise((resolve) => (s ? s.end(() => resolve()) : resolve()));
    },
  };
}
