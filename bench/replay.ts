// `npm run bench -- replay`: `riposte replay` on a deterministic 1,000,000-line sshd auth.log
// (bench/out/, the engine bench's generator: ~40% of the lines from 50 attackers) with
// Riposte's own ruleset and the shipped etc/ossec.conf (firewall-drop600 on the brute-force
// rules). Reports lines per second of wall time and per CPU-second (the figure that does not
// depend on what else runs on the machine), peak RSS, and the report's headline numbers.
// Also the same file gzip-compressed. Target: >= 100,000 lines/s.
// Options: --lines N (default 1000000).
import { createReadStream, createWriteStream, existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { loadConfigFiles } from "../src/config/mod.ts";
import { loadRuleset, rulesetSourceOfConfig } from "../src/ruleset/mod.ts";
import { replayLogs, type ReplayReport } from "../src/replay/mod.ts";
import { writeAuthLog } from "./_authlog.ts";

const root = resolve(import.meta.dirname, "..");
const arg = process.argv.indexOf("--lines");
const count = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;

function line(name: string, r: ReplayReport): string {
  const i = r.input;
  if (!i) return `${name}: no input figures`;
  const blocks = r.blocks.map((b) => `${b.name} ${b.responses} responses/${b.newBlocks} blocks`).join(", ");
  return `${name}: ${i.files[0]?.lines ?? 0} lines in ${(i.wallMs / 1000).toFixed(2)} s wall = ${Math.round(i.linesPerSecond).toLocaleString("en")} lines/s; `
    + `${(i.cpuMs / 1000).toFixed(2)} CPU-s = ${Math.round(i.linesPerCpuSecond).toLocaleString("en")} lines/CPU-s; ${r.alerts} alerts; ${blocks}; `
    + `${r.addresses.length} addresses blocked, ${r.falsePositives.length} likely false positives`;
}

const out = join(import.meta.dirname, "out");
mkdirSync(out, { recursive: true });
const file = join(out, `auth-${count}.log`);
if (!existsSync(file)) writeAuthLog(file, count);
const gz = `${file}.gz`;
if (!existsSync(gz)) await pipeline(createReadStream(file), createGzip(), createWriteStream(gz));

const { config } = await loadConfigFiles([join(root, "etc", "ossec.conf")], { role: "manager" });
if (!config) throw new Error("etc/ossec.conf does not load");
const ruleset = loadRuleset(rulesetSourceOfConfig(config.ruleset));
const setup = { ruleset, config, referenceMs: Date.UTC(2026, 2, 1) };
for (const [name, path] of [["plain", file], ["gzip", gz]] as const) {
  const report = await replayLogs([path], setup);
  process.stdout.write(`${line(name, report)}\n`);
}
process.stdout.write(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; machine load ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores\n`);
