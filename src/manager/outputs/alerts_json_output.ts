/**
 * The `alerts_json` output: HOME/logs/alerts/alerts.json, one JSON alert per line (Wazuh's
 * jsonout_output), rotated daily: at the first write of a new UTC day the file is renamed
 * `alerts-YYYY-MM-DD.json` (the day it covered) and a new one started.
 * Must not: throw on write (failures are counted via `onError`).
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Alert } from "../../core/mod.ts";
import type { AlertOutput } from "./alert_output.ts";

export interface AlertsJsonOptions {
  /** Folder of alerts.json (HOME/logs/alerts). */
  readonly dir: string;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function createAlertsJsonOutput(options: AlertsJsonOptions): AlertOutput {
  const path = join(options.dir, "alerts.json");
  const now = options.now ?? Date.now;
  mkdirSync(options.dir, { recursive: true });
  let currentDay = existsSync(path) ? day(statSync(path).mtimeMs) : day(now());
  let buffer: string[] = [];

  const rotateIfNeeded = () => {
    const today = day(now());
    if (today === currentDay) return;
    if (existsSync(path)) renameSync(path, join(options.dir, `alerts-${currentDay}.json`));
    currentDay = today;
  };

  const flushNow = () => {
    if (buffer.length === 0) return;
    const text = buffer.join("");
    buffer = [];
    try {
      rotateIfNeeded();
      appendFileSync(path, text, { mode: 0o640 });
    } catch (error: unknown) {
      options.onError?.(error);
    }
  };

  return {
    kind: "alerts_json",
    write(alert: Alert) {
      try {
        buffer.push(`${JSON.stringify(alert)}\n`);
      } catch (error: unknown) {
        options.onError?.(error);
      }
    },
    flush: async () => flushNow(),
    close: async () => flushNow(),
  };
}
