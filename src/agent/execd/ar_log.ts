/**
 * `logs/active-responses.log` in Wazuh's line format (wazuh-ar.md §3.7):
 * `YYYY/MM/DD HH:MM:SS active-response/bin/<exe>: <message>`, local time. The execd writes
 * the protocol lines of every run (Starting, the input JSON, the check_keys line, the reply,
 * Ended/Aborted), so rules 650–658 fire for every script, custom ones included; scripts add
 * their own action lines. JSON is one line (JSON escapes newlines), and other text has its
 * control characters escaped, so hostile content cannot forge a line.
 * Must not: block a run (writes are queued in order on one append stream).
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { Clock, Logger } from "../../core/mod.ts";
import { arLogLine } from "../../response/mod.ts";

export interface ArLog {
  write(program: string, message: string): void;
  close(): Promise<void>;
}

export function openArLog(path: string, clock: Clock, logger: Logger): ArLog {
  let stream: WriteStream | undefined;
  let failed = false;
  const open = (): WriteStream | undefined => {
    if (stream || failed) return stream;
    try {
      mkdirSync(dirname(path), { recursive: true });
      stream = createWriteStream(path, { flags: "a" });
      stream.on("error", (error) => {
        if (!failed) logger.error("Cannot write active-responses.log", { code: "EXECD_LOG_FAILED", path, error });
        failed = true;
      });
    } catch (error: unknown) {
      failed = true;
      logger.error("Cannot open active-responses.log", { code: "EXECD_LOG_FAILED", path, error });
    }
    return stream;
  };
  return {
    write(program, message) {
      open()?.write(arLogLine(clock.now(), program, message));
    },
    close() {
      const s = stream;
      stream = undefined;
      return new Promise((resolve) => (s ? s.end(() => resolve()) : resolve()));
    },
  };
}

/** A log that writes nothing (arLog disabled, benchmarks). */
export const nullArLog: ArLog = { write: () => undefined, close: () => Promise.resolve() };
