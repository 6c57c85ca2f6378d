// Deterministic sshd auth.log generator for the engine and replay benches: failed and
// invalid-user logins, accepted logins, PAM sessions and disconnects; about 40% of the lines
// come from 50 attacker addresses. Seeded PRNG, so every run writes the same file.
import { closeSync, openSync, renameSync, writeSync } from "node:fs";
import { seededRandom } from "../test/harness/seeded_random.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const USERS = ["alice", "bob", "carol", "deploy", "backup", "www-data", "git", "ops"];
const GUESSES = ["admin", "test", "oracle", "postgres", "ubuntu", "pi", "guest", "user", "ftpuser", "support"];

function syslogDate(ms: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, " ");
  const time = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
  return `${MONTHS[d.getUTCMonth()]} ${day} ${time}`;
}

/** Yields `count` lines (without newline), deterministically for a seed. */
export function* authLogLines(count: number, seed = 42): Generator<string> {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const attackers = Array.from({ length: 50 }, (_, i) => `203.0.${113 + (i % 3)}.${10 + i}`);
  const legit = () => `10.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`;
  let t = Date.UTC(2026, 2, 1, 0, 0, 0);
  for (let i = 0; i < count; i++) {
    t += Math.floor(rnd() * 200);
    const head = `${syslogDate(t)} web01 sshd[${1000 + Math.floor(rnd() * 60000)}]: `;
    const port = 1024 + Math.floor(rnd() * 64000);
    const r = rnd();
    if (r < 0.4) {
      const ip = pick(attackers);
      const k = rnd();
      if (k < 0.5) yield `${head}Failed password for root from ${ip} port ${port} ssh2`;
      else if (k < 0.8) yield `${head}Failed password for invalid user ${pick(GUESSES)} from ${ip} port ${port} ssh2`;
      else yield `${head}Invalid user ${pick(GUESSES)} from ${ip} port ${port}`;
    } else {
      const ip = legit();
      const user = pick(USERS);
      const k = rnd();
      if (k < 0.3) yield `${head}Accepted ${rnd() < 0.5 ? "password" : "publickey"} for ${user} from ${ip} port ${port} ssh2`;
      else if (k < 0.55) yield `${head}pam_unix(sshd:session): session opened for user ${user} by (uid=0)`;
      else if (k < 0.8) yield `${head}pam_unix(sshd:session): session closed for user ${user}`;
      else if (k < 0.9) yield `${head}Received disconnect from ${ip} port ${port}:11: disconnected by user`;
      else yield `${head}Disconnected from user ${user} ${ip} port ${port}`;
    }
  }
}

/** Writes `count` generated lines to `file` in batches (never the whole file in memory), atomically. */
export function writeAuthLog(file: string, count: number): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, "w");
  let batch: string[] = [];
  for (const line of authLogLines(count)) {
    batch.push(line);
    if (batch.length === 10_000) {
      writeSync(fd, `${batch.join("\n")}\n`);
      batch = [];
    }
  }
  if (batch.length > 0) writeSync(fd, `${batch.join("\n")}\n`);
  closeSync(fd);
  renameSync(tmp, file);
}
