/**
 * The posix_spawn starter: native/posix_spawn.c (built into native/build/riposte_spawn.node)
 * starts the executable without forking the daemon, and reports its exit through a pidfd.
 * The process object mimics ChildProcess for what response_process.ts needs: stdin a
 * PipeInput (direct writes), stdout a net.Socket, "spawn" on the next tick, "exit" with (code, signal name), "error" with a
 * Node-style system error (code ENOENT, EACCES…) when the executable could not start.
 * Must not: be loaded twice per thread (one reaper per environment), throw when the addon
 * is missing (nativeStarter() is undefined then).
 */
import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { Socket } from "node:net";
import { constants } from "node:os";
import { join } from "node:path";
import { getSystemErrorName } from "node:util";
import { childProcessStarter, type ProcessStarter, type ResponseProcess, type StartOptions } from "./response_process.ts";
import { PipeInput } from "./pipe_input.ts";

interface Addon {
  init(onExit: (pid: number, code: number | null, signal: number | null) => void): void;
  spawn(path: string, argv: readonly string[], env: readonly string[], cwd: string, input: string, done: (r: Started | { errno: number }) => void): void;
}

/** The child's pid, the daemon's ends of its pipes, and how many input bytes are already in stdin. */
interface Started { pid: number; stdin: number; stdout: number; written: number }

const ADDON = join(import.meta.dirname, "..", "..", "native", "build", "riposte_spawn.node");
const signalNames = new Map<number, NodeJS.Signals>(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));
const running = new Map<number, NativeProcess>();
/** Exits reported before their spawn completed (both arrive on the JS thread, in either order). */
const early = new Map<number, [number | null, NodeJS.Signals | null]>();
let loaded: ProcessStarter | null | undefined;

/**
 * The starter responses use: posix_spawn through the addon when it was built (`npm ci`
 * builds it; RIPOSTE_SPAWNER=child_process forces the fallback), else child_process.
 */
export function responseStarter(): { readonly kind: "posix_spawn" | "child_process"; readonly start: ProcessStarter } {
  const native = process.env.RIPOSTE_SPAWNER === "child_process" ? undefined : nativeStarter();
  return native ? { kind: "posix_spawn", start: native } : { kind: "child_process", start: childProcessStarter };
}

/** The posix_spawn starter, or undefined when the addon was not built or does not load. */
export function nativeStarter(): ProcessStarter | undefined {
  if (loaded === undefined) loaded = load();
  return loaded ?? undefined;
}

function load(): ProcessStarter | null {
  if (process.platform !== "linux" || !existsSync(ADDON)) return null;
  try {
    const addon = createRequire(import.meta.url)(ADDON) as Addon;
    addon.init((pid, code, signal) => {
      const name = signal === null ? null : (signalNames.get(signal) ?? null);
      const p = running.get(pid);
      running.delete(pid);
      if (p) p.exited(code, name);
      else early.set(pid, [code, name]);
    });
    return (path, argv, options) => start(addon, path, argv, options);
  } catch {
    return null;
  }
}

/** `KEY=value` lists, per environment object (an action passes the same one every run). */
const envLists = new WeakMap<NodeJS.ProcessEnv, readonly string[]>();

function envList(env: NodeJS.ProcessEnv): readonly string[] {
  let list = envLists.get(env);
  if (!list) {
    list = Object.entries(env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
    envLists.set(env, list);
  }
  return list;
}

function start(addon: Addon, path: string, argv: readonly string[], o: StartOptions): ResponseProcess {
  const env = envList(o.env);
  const p = new NativeProcess();
  addon.spawn(path, argv, env, o.cwd, o.input, (r) => {
    if ("errno" in r) return p.failed(systemError(path, r.errno));
    const exit = early.get(r.pid);
    early.delete(r.pid);
    if (!exit) running.set(r.pid, p);
    p.started(r, o.input);
    if (exit) p.exited(...exit);
  });
  return p;
}

/** A process being started on the pool thread, then running; a kill before the start is kept. */
class NativeProcess extends EventEmitter implements ResponseProcess {
  pid: number | undefined;
  stdin: PipeInput | null = null;
  stdout: Socket | null = null;
  #exited = false;
  #pendingKill: NodeJS.Signals | undefined;

  started(fds: Started, input: string): void {
    this.pid = fds.pid;
    this.stdin = new PipeInput(fds.stdin);
    this.stdin.on("error", () => undefined);
    if (fds.written < Buffer.byteLength(input)) this.stdin.write(Buffer.from(input).subarray(fds.written));
    this.stdout = new Socket({ fd: fds.stdout, readable: true, writable: false });
    if (this.#pendingKill) signal(fds.pid, this.#pendingKill);
    this.emit("spawn");
  }

  failed(error: Error): void {
    this.#exited = true;
    this.emit("error", error);
  }

  exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.#exited = true;
    this.emit("exit", code, signal);
  }

  /** Signals the process itself, as ChildProcess.kill does (callers kill the group by -pid). */
  kill(name: NodeJS.Signals): boolean {
    if (this.#exited) return false;
    if (this.pid === undefined) {
      this.#pendingKill = name; // sent as soon as the process exists
      return true;
    }
    return signal(this.pid, name);
  }
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

function systemError(path: string, errno: number): Error {
  const code = getSystemErrorName(-errno);
  return Object.assign(new Error(`spawn ${path} ${code}`), { code, errno: -errno, syscall: `spawn ${path}`, path });
}
