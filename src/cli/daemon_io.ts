/**
 * What `riposte manager` and `riposte agent` share: the daemon logger (stderr and
 * HOME/logs/riposte.log), loading the configuration with every diagnostic printed, and
 * waiting for the stop signal. Must not: know either daemon.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { createLogger, formatDiagnostic, hasErrors, type Logger } from "../core/mod.ts";
import { loadConfigFiles, type Config, type Role } from "../config/mod.ts";
import type { CommandIO } from "./command.ts";

export function daemonLogger(home: string, io: CommandIO, component: string): Logger {
  const dir = join(home, "logs");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "riposte.log");
  const level = io.env["RIPOSTE_LOG_LEVEL"] === "debug" ? "debug" : "info";
  return createLogger({
    level,
    component,
    write: (line) => {
      io.stderr(line);
      try {
        appendFileSync(file, line);
      } catch {
        // The log file is best effort: stderr already has the line.
      }
    },
  });
}

/** Loads `--config` (default HOME/etc/ossec.conf); prints diagnostics; undefined on errors. */
export async function loadDaemonConfig(configFlag: string | undefined, home: string, role: Role, io: CommandIO): Promise<Config | undefined> {
  const path = configFlag === undefined ? join(home, "etc", "ossec.conf") : isAbsolute(configFlag) ? configFlag : resolve(io.cwd, configFlag);
  const result = await loadConfigFiles([path], { role });
  for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (hasErrors(result.diagnostics) || !result.config) return undefined;
  return result.config;
}

/** Resolves when the command's signal aborts (SIGINT/SIGTERM). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((r) => (signal.aborted ? r() : signal.addEventListener("abort", () => r(), { once: true })));
}

/** Absolute home from the flag/env (relative paths against the working directory). */
export function absoluteHome(home: string, io: CommandIO): string {
  return isAbsolute(home) ? home : resolve(io.cwd, home);
}
