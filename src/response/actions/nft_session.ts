/**
 * A persistent `nft -i` process for low-latency updates: spawning nft costs several ms (fork,
 * exec, library start-up, ruleset cache), a line written to a running nft costs well under
 * one. Each transaction is written as ONE line (commands joined by "; ", which nft applies
 * atomically, like `nft -f`), followed by a sentinel `list set inet T riposte_sentinel_N`
 * that always fails: its error on stderr marks the end of the answer, and any other error
 * before it means the transaction was rejected.
 * Must not: run transactions concurrently (callers serialize), keep the daemon alive when idle.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { responseEnv } from "../executable_action.ts";
import { ActionError } from "./action_error.ts";

/** Longest transaction line sent through the session; larger ones go through `nft -f -` (measured: nft -i parses a long line slower than a spawned nft -f: 2,000 addresses 445 ms vs 95 ms). */
export const MAX_SESSION_LINE = 16 * 1024;
const ANSWER_TIMEOUT_MS = 10_000;

export class NftSession {
  readonly #prefix: readonly string[];
  readonly #table: string;
  #child: ChildProcess | undefined;
  #stderr = "";
  #seq = 0;
  #waiter: (() => void) | undefined;
  #dead: string | undefined;

  constructor(prefix: readonly string[], table: string) {
    this.#prefix = prefix;
    this.#table = table;
  }

  #start(): ChildProcess {
    if (this.#child && this.#dead === undefined) return this.#child;
    const [file, ...args] = [...this.#prefix, "nft", "-i"];
    const child = spawn(file as string, args, { env: responseEnv(), stdio: ["pipe", "ignore", "pipe"] });
    this.#child = child;
    this.#dead = undefined;
    this.#stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      if (this.#child !== child) return;
      this.#stderr += d;
      this.#waiter?.();
    });
    child.stdin?.on("error", () => undefined);
    const die = (why: string) => {
      if (this.#child !== child) return; // an earlier, replaced process
      this.#dead = why;
      this.#waiter?.();
    };
    child.once("error", (e) => die(e.message));
    child.once("exit", (code) => die(`nft -i exited (${code})`));
    this.#idle(child);
    return child;
  }

  /** Lets the daemon exit while no transaction is pending. */
  #idle(child: ChildProcess, idle = true): void {
    for (const s of [child.stdin, child.stderr] as unknown as (Socket | null)[]) s?.[idle ? "unref" : "ref"]?.();
    child[idle ? "unref" : "ref"]();
  }

  /** Applies `script` (newline-separated nft commands) as one transaction. Throws ActionError on rejection. */
  async apply(script: string): Promise<void> {
    const child = this.#start();
    const mark = `riposte_sentinel_${++this.#seq}`;
    const line = script.split("\n").map((l) => l.trim()).filter((l) => l !== "").join("; ");
    const end = new RegExp(`(?:^|\\n)Error: [^\\n]*\\nlist set inet ${this.#table} ${mark}\\n[ ^~]*\\n`);
    this.#idle(child, false);
    try {
      child.stdin?.write(`${line}\nlist set inet ${this.#table} ${mark}\n`);
      const deadline = Date.now() + ANSWER_TIMEOUT_MS;
      let m: RegExpExecArray | null;
      while (!(m = end.exec(this.#stderr))) {
        if (this.#dead !== undefined) throw new ActionError("ACTION_COMMAND_FAILED", `nft session: ${this.#dead}`);
        if (Date.now() > deadline) {
          child.kill("SIGKILL");
          throw new ActionError("ACTION_COMMAND_FAILED", "nft session: no answer in time");
        }
        await new Promise<void>((r) => {
          const t = setTimeout(r, 100);
          this.#waiter = () => (clearTimeout(t), r());
        });
      }
      const before = this.#stderr.slice(0, m.index);
      this.#stderr = this.#stderr.slice(m.index + m[0].length);
      const error = before.split("\n").find((l) => l.startsWith("Error:"));
      if (error !== undefined) throw new ActionError(/Operation not permitted/.test(error) ? "ACTION_PERMISSION_DENIED" : "ACTION_COMMAND_FAILED", `nft: ${error.slice(0, 300)}`);
    } finally {
      this.#waiter = undefined;
      if (this.#dead === undefined) this.#idle(child);
    }
  }

  get alive(): boolean {
    return this.#child !== undefined && this.#dead === undefined;
  }

  close(): void {
    this.#child?.stdin?.end();
    this.#child = undefined;
  }
}
