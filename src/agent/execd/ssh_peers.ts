/**
 * The sources of the SSH sessions established on this host, for the self-lockout guard
 * (`<active-response><protect_ssh_sessions>yes`): read with
 * `ss -tnH state established '( sport = :22 )'`, spawned with an argv array (no shell), at
 * most once per `ttlMs` (concurrent asks share one run). A failing `ss` protects nobody and
 * is logged once per failure streak: blocking must not depend on it.
 * Must not: throw, or block the event loop.
 */
import { execFile } from "node:child_process";
import type { Clock, Logger } from "../../core/mod.ts";
import { normalizeIp } from "../../response/mod.ts";

/** Reads `ss` output; one session per line, the peer (last column) as `addr:port` or `[v6]:port`. */
export function parseSsPeers(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split("\n")) {
    const cols = line.trim().split(/\s+/);
    const peer = cols[cols.length - 1] ?? "";
    const m = /^\[?([^\]]+?)\]?:(\d+|\*)$/.exec(peer);
    const ip = m?.[1] ? normalizeIp(m[1].replace(/%.*$/, "")) : undefined;
    if (ip) out.add(ip);
  }
  return [...out];
}

export type SsRunner = () => Promise<string>;

const SS_ARGV = ["-tnH", "state", "established", "( sport = :22 )"];

/** Runs `ss` (from PATH) with the fixed argv; rejects on failure or after 2 s. */
export const runSs: SsRunner = () => new Promise((resolve, reject) => {
  execFile("ss", SS_ARGV, { timeout: 2000, maxBuffer: 4 << 20, shell: false }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
});

export interface SshPeerProbe {
  /** The current SSH peers (normalised addresses). Never rejects. */
  peers(): Promise<ReadonlySet<string>>;
}

export function createSshPeerProbe(o: { readonly clock: Clock; readonly logger: Logger; readonly run?: SsRunner; readonly ttlMs?: number }): SshPeerProbe {
  const ttl = o.ttlMs ?? 2000;
  const run = o.run ?? runSs;
  let cached: { at: number; peers: ReadonlySet<string> } | undefined;
  let inFlight: Promise<ReadonlySet<string>> | undefined;
  let failing = false;
  return {
    peers() {
      const now = o.clock.now();
      if (cached && now - cached.at < ttl) return Promise.resolve(cached.peers);
      inFlight ??= run().then((text) => {
        failing = false;
        return new Set(parseSsPeers(text));
      }, (error: unknown) => {
        if (!failing) o.logger.warn("Cannot read the established SSH sessions: they are not protected", { code: "AR_SSH_PEERS_UNREADABLE", error });
        failing = true;
        return new Set<string>();
      }).then((peers) => {
        cached = { at: o.clock.now(), peers };
        inFlight = undefined;
        return peers;
      });
      return inFlight;
    },
  };
}
