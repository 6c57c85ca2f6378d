/**
 * The daemons' pid files: HOME/var/run/riposte-agent.pid and riposte-manager.pid, written at
 * start (atomically: temp file then rename) and removed at a clean stop, so restart-agent and
 * operators find the running daemon. A pid file left by a crash is simply overwritten.
 * Must not: refuse to start (a pid file is a convenience, not a lock) or remove a pid file
 * that another process has written since.
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../core/mod.ts";

export type DaemonName = "agent" | "manager";

export function pidFilePath(home: string, daemon: DaemonName): string {
  return join(home, "var", "run", `riposte-${daemon}.pid`);
}

export interface PidFile {
  readonly path: string;
  /** Removes the file if it still names this process. Idempotent, never throws. */
  remove(): void;
}

/** Writes this process's pid; a failure is logged and the daemon runs on. */
export function writePidFile(home: string, daemon: DaemonName, logger: Logger, pid: number = process.pid): PidFile {
  const path = pidFilePath(home, daemon);
  try {
    mkdirSync(join(home, "var", "run"), { recursive: true });
    writeFileSync(`${path}.${pid}.tmp`, `${pid}\n`, { mode: 0o644 });
    renameSync(`${path}.${pid}.tmp`, path);
  } catch (error: unknown) {
    logger.warn("Cannot write the pid file", { path, error });
  }
  return {
    path,
    remove() {
      try {
        if (readFileSync(path, "utf8").trim() === String(pid)) unlinkSync(path);
      } catch {
        // Already gone (or unreadable): nothing of ours to remove.
      }
    },
  };
}
