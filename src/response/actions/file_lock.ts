/**
 * An exclusive lock file (`O_CREAT|O_EXCL`, holding the owner's pid) for actions that edit
 * a shared file (host-deny). A lock whose owner is dead is taken over at once (no Wazuh-style
 * ten-minute wait behind a stale lock); a live owner is waited for up to `waitMs`.
 * Must not: wait forever, remove a live owner's lock.
 */
import { openSync, closeSync, writeSync, readFileSync, unlinkSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { ActionError, ActionKilled } from "./action_error.ts";

function ownerAlive(path: string): boolean {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

/** Runs `fn` holding the lock `path`; an abort while waiting throws ActionKilled. */
export async function withFileLock<T>(path: string, fn: () => Promise<T> | T, waitMs = 10_000, signal?: AbortSignal): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new ActionError("ACTION_PERMISSION_DENIED", `cannot create lock ${path}: ${(error as Error).message}`);
      }
      if (!ownerAlive(path)) {
        try {
          unlinkSync(path);
        } catch {
          // another run took it over first
        }
        continue;
      }
      if (Date.now() > deadline) throw new ActionError("ACTION_LOCK_TIMEOUT", `lock ${path} held by a live process for ${waitMs} ms`);
      if (signal?.aborted) throw new ActionKilled("cancelled while waiting for the lock");
      await sleep(delay, undefined, signal ? { signal } : {}).catch(() => undefined);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(path);
    } catch {
      // removed by hand; nothing to release
    }
  }
}
