/**
 * How a response executable is started. ExecutableAction needs only this much of a process;
 * node's ChildProcess has this shape, and so has the posix_spawn one (native_spawner.ts).
 * Both start the executable the same way: no shell, argv as given, its own session and
 * process group (a watchdog kill of -pid takes its children), stdin and stdout pipes,
 * stderr /dev/null, the given cwd and environment.
 * Contract: a starter MUST NOT throw for a missing or non-executable file; it emits "error"
 * (and never "spawn"); otherwise it emits "spawn" once, then "exit" once. kill() signals the
 * process itself, like ChildProcess.kill (the group is the caller's to signal by -pid).
 */
import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";

export interface ResponseProcess {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  once(event: "spawn", listener: () => void): this;
  once(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  once(event: "error", listener: (error: Error) => void): this;
  kill(signal: NodeJS.Signals): boolean;
}

export interface StartOptions {
  readonly cwd: string;
  /** The whole environment; treated as immutable (a starter may cache its encoding). */
  readonly env: NodeJS.ProcessEnv;
  /** Written to stdin first (stdin stays open); write errors (EPIPE) are the exit's to tell. */
  readonly input: string;
}

export type ProcessStarter = (path: string, argv: readonly string[], options: StartOptions) => ResponseProcess;

/** node:child_process: forks the daemon for every run (its cost grows with the daemon's memory). */
export const childProcessStarter: ProcessStarter = (path, argv, o) => {
  const child = spawn(path, argv, { cwd: o.cwd, stdio: ["pipe", "pipe", "ignore"], detached: true, env: o.env });
  child.stdin.on("error", () => undefined);
  if (o.input !== "") child.stdin.write(o.input);
  return child;
};
