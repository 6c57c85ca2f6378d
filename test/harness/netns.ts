/**
 * Network namespaces for tests and benches that change the kernel (root only): unique names
 * `rip-<pid>-<n>`, deleted by `delete()` (call it in finally/after, even on failure), and a
 * victim/attacker pair joined by a veth with IPv4 and IPv6 addresses. Nothing here touches
 * the host's own firewall or sends traffic outside the namespaces.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";

let counter = 0;

export interface Netns {
  readonly name: string;
  /** Runs argv inside the namespace; throws on a non-zero exit. Returns stdout. */
  exec(argv: readonly string[], input?: string): string;
  /** Like exec but returns the exit status instead of throwing. */
  status(argv: readonly string[]): number;
  /** Starts a long-running process inside the namespace. */
  spawn(argv: readonly string[]): ChildProcess;
  delete(): void;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export function createNetns(): Netns {
  const name = `rip-${process.pid}-${++counter}`;
  execFileSync("ip", ["netns", "add", name]);
  const wrap = (argv: readonly string[]) => ["netns", "exec", name, ...argv];
  const ns: Netns = {
    name,
    exec: (argv, input) => execFileSync("ip", wrap(argv), { encoding: "utf8", input: input ?? "", stdio: ["pipe", "pipe", "pipe"] }),
    status: (argv) => {
      try {
        execFileSync("ip", wrap(argv), { stdio: "ignore" });
        return 0;
      } catch (error: unknown) {
        return (error as { status?: number }).status ?? 1;
      }
    },
    spawn: (argv) => spawn("ip", wrap(argv), { stdio: ["ignore", "pipe", "pipe"] }),
    delete: () => {
      try {
        execFileSync("ip", ["netns", "del", name], { stdio: "ignore" });
      } catch {
        // already gone
      }
    },
  };
  try {
    ns.exec(["ip", "link", "set", "lo", "up"]);
  } catch (error: unknown) {
    ns.delete();
    throw error;
  }
  return ns;
}

export interface NetPair {
  readonly victim: Netns;
  readonly attacker: Netns;
  readonly victim4: string;
  readonly attacker4: string;
  readonly victim6: string;
  readonly attacker6: string;
  delete(): void;
}

/** Two namespaces joined by a veth: 10.77.0.1 / fd77::1 (victim) ↔ 10.77.0.2 / fd77::2 (attacker). */
export function createNetPair(): NetPair {
  const victim = createNetns();
  let attacker: Netns | undefined;
  try {
    attacker = createNetns();
    const a = `rv${process.pid % 100000}x${counter}`;
    const b = `ra${process.pid % 100000}x${counter}`;
    victim.exec(["ip", "link", "add", a, "type", "veth", "peer", "name", b, "netns", attacker.name]);
    victim.exec(["ip", "addr", "add", "10.77.0.1/24", "dev", a]);
    victim.exec(["ip", "-6", "addr", "add", "fd77::1/64", "dev", a, "nodad"]);
    victim.exec(["ip", "link", "set", a, "up"]);
    attacker.exec(["ip", "addr", "add", "10.77.0.2/24", "dev", b]);
    attacker.exec(["ip", "-6", "addr", "add", "fd77::2/64", "dev", b, "nodad"]);
    attacker.exec(["ip", "link", "set", b, "up"]);
  } catch (error: unknown) {
    attacker?.delete();
    victim.delete();
    throw error;
  }
  const att = attacker;
  return {
    victim, attacker: att, victim4: "10.77.0.1", attacker4: "10.77.0.2", victim6: "fd77::1", attacker6: "fd77::2",
    delete: () => {
      att.delete();
      victim.delete();
    },
  };
}
