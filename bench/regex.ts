// `npm run bench -- regex`: matches per second of the compiled Wazuh patterns on typical
// sshd / syslog / web lines, for each dialect, matching and non-matching, plus the guard's
// hostile-line cost. Prints one line per case.
import { performance } from "node:perf_hooks";
import process from "node:process";
import { compilePattern, regexGuardStats } from "../src/ruleset/regex/mod.ts";
import type { Dialect } from "../src/ruleset/regex/mod.ts";

const LINES = [
  "Failed password for invalid user admin from 203.0.113.5 port 52211 ssh2",
  "Accepted publickey for deploy from 198.51.100.7 port 40022 ssh2: RSA SHA256:abcdef",
  "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)",
  "Received disconnect from 203.0.113.9 port 50122:11: Bye Bye [preauth]",
  '192.0.2.44 - - [29/Nov/2026:10:11:12 +0000] "GET /index.php?id=1 HTTP/1.1" 200 512 "-" "curl/8.0"',
  "kernel: [12345.678] IPTABLES DROP IN=eth0 OUT= SRC=203.0.113.5 DST=192.0.2.1 PROTO=TCP DPT=22",
];

const CASES: readonly [Dialect, string, boolean][] = [
  ["osmatch", "Failed password", false],
  ["osmatch", "^Accepted|^Failed|session opened", false],
  ["osmatch", "illegal user|invalid user|authentication failure|not allowed", false],
  ["osregex", "^Failed \\S+ for invalid user (\\S+) from (\\S+) port (\\d+)", true],
  ["osregex", "^Accepted|^Failed|^Received disconnect", false],
  ["osregex", "from (\\S+) port (\\d+)", true],
  ["osregex", '^(\\S+) \\S+ \\S+ [\\S+ \\S+] "(\\w+) (\\S+) HTTP\\S+" (\\d+) ', true],
  ["pcre2", "^Failed \\S+ for (?:invalid user )?(\\S+) from (\\S+) port (\\d+)", true],
  ["pcre2", "(?i)\\b(?:union\\s+select|<script|\\.\\./)", false],
  ["pcre2", "SRC=(\\d{1,3}(?:\\.\\d{1,3}){3})\\s+DST=", true],
];

/** Calls per CPU-second (CPU time, so a busy shared machine does not skew the figure). */
function rate(fn: () => void, calls: number): number {
  for (let i = 0; i < 1000; i++) fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) fn();
  const c = process.cpuUsage(c0);
  return calls / ((c.user + c.system) / 1e6);
}

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 }).padStart(12);
process.stdout.write(`${"dialect".padEnd(8)} ${"pattern".padEnd(64)} ${"test/cpu-s".padStart(12)} ${"exec/cpu-s".padStart(12)} hits\n`);
for (const [dialect, pattern, captures] of CASES) {
  const r = compilePattern(dialect, pattern, { captures });
  if (!r.ok) throw new Error(`${pattern}: ${r.message}`);
  const m = r.matcher;
  let i = 0;
  const hits = LINES.filter((l) => m.test(l)).length;
  const t = rate(() => { m.test(LINES[i++ % LINES.length] as string); }, 600_000);
  const e = rate(() => { m.exec(LINES[i++ % LINES.length] as string); }, 600_000);
  process.stdout.write(`${dialect.padEnd(8)} ${pattern.slice(0, 64).padEnd(64)} ${fmt(t)} ${fmt(e)} ${hits}/${LINES.length}\n`);
}

const hostile: readonly [Dialect, string, string][] = [
  ["pcre2", "(a+)+$", "a".repeat(999) + "!"],
  ["osregex", "a\\S+b", "a".repeat(999) + " b"],
];
for (const [dialect, pattern, unit] of hostile) {
  const r = compilePattern(dialect, pattern);
  if (!r.ok) throw new Error(pattern);
  for (const size of [10_000, 1_000_000]) {
    const s = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    for (let k = 0; k < 3; k++) r.matcher.test(s);
    const calls = 20;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < calls; k++) r.matcher.test(s);
    const cpu = process.cpuUsage(c0);
    const wall = (performance.now() - t0) / calls;
    process.stdout.write(`hostile ${dialect} ${pattern} on ${size} units: ${((cpu.user + cpu.system) / 1000 / calls).toFixed(2)} ms CPU (${wall.toFixed(2)} ms wall) per line\n`);
  }
}
process.stdout.write(`guard: ${JSON.stringify(regexGuardStats())}\n`);
