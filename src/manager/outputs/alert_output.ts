/**
 * The alert output plug-in shape (aesthetics §5.3). Outputs receive every alert after it was
 * committed to the alerts store, in order.
 *
 * Contract: `write` MUST NOT throw for a single alert (count and log failures instead);
 * `flush` makes everything written so far durable (or sent); `close` flushes then releases.
 * Outputs MUST tolerate seeing an alert twice after a crash (recovery replays the last batch
 * that may not have reached them); they MUST NOT block analysis (slow ones buffer).
 */
import type { Alert } from "../../core/mod.ts";

export interface AlertOutput {
  /** "alerts_json", "webhook", … */
  readonly kind: string;
  write(alert: Alert): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}
