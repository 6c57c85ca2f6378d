// `npm run bench -- decode`: pre-decoding + decoding alone (no rules) through the full Wazuh
// 4.14.7 decoder set (read from ../shared, loaded as its test harness does), on a deterministic
// mix of sshd/PAM auth.log lines, plus a JSON line and a no-header line now and then.
// Prints events per second (wall) and per CPU-second. Target: well over 100,000 events/s.
// Exit 1 when the decoder set cannot be loaded or the target is missed.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { formatDiagnostic, type RawEvent } from "../src/core/mod.ts";
import { decodeEvent, loadDecoders } from "../src/ruleset/decoders/mod.ts";
import { readXml } from "../src/xml/mod.ts";
import { seededRandom as prng } from "../test/harness/seeded_random.ts";

const WAZUH = resolve(import.meta.dirname, "../../shared/wazuh-ruleset-4.14.7");
const EVENTS = 400_000;
const TARGET = 100_000;

function decoderFiles(): string[] {
  const dec = join(WAZUH, "ruleset", "decoders");
  const testing = join(WAZUH, "ruleset", "testing", "ruleset");
  const files = [
    ...readdirSync(dec).filter((f) => f.endsWith(".xml")).map((f) => join(dec, f)),
    join(WAZUH, "etc", "local_decoder.xml"),
    ...readdirSync(testing).filter((f) => /^test_.*decoders\.xml$/.test(f)).map((f) => join(testing, f)),
  ];
  return files.sort((a, b) => Buffer.compare(Buffer.from(basename(a)), Buffer.from(basename(b))));
}

function lines(n: number): string[] {
  const rnd = prng(42);
  const pick = (k: number) => Math.floor(rnd() * k);
  const ip = () => (pick(10) < 4 ? `203.0.113.${pick(50)}` : `10.${pick(256)}.${pick(256)}.${pick(256)}`);
  const user = () => ["root", "admin", "alice", "bob", "oracle", "test", "ubuntu"][pick(7)];
  const ts = (i: number) => `Nov ${String(1 + (i % 28)).padStart(2, " ")} ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}`;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = `${ts(i)} web${pick(9)} sshd[${1000 + pick(60000)}]:`;
    const kind = pick(100);
    if (kind < 30) out.push(`${h} Failed password for ${user()} from ${ip()} port ${1024 + pick(60000)} ssh2`);
    else if (kind < 45) out.push(`${h} Invalid user ${user()}${pick(100)} from ${ip()} port ${1024 + pick(60000)}`);
    else if (kind < 60) out.push(`${h} Accepted publickey for ${user()} from ${ip()} port ${1024 + pick(60000)} ssh2: RSA SHA256:abc`);
    else if (kind < 75) out.push(`${ts(i)} web${pick(9)} sshd[${pick(60000)}]: pam_unix(sshd:session): session opened for user ${user()} by (uid=0)`);
    else if (kind < 90) out.push(`${h} Disconnected from ${ip()} port ${1024 + pick(60000)} [preauth]`);
    else if (kind < 95) out.push(`${h} Received disconnect from ${ip()} port ${1024 + pick(60000)}:11: Bye Bye [preauth]`);
    else if (kind < 98) out.push(`{"integration":"x","srcip":"${ip()}","data":{"user":"${user()}","n":${pick(1000)}}}`);
    else out.push(`id=firewall sn=C0EAE459 time="2019-02-27 12:55:40 UTC" fw=1.2.3.4 pri=5 c=0 m=1197 msg="NAT" src=${ip()}:1:X0 dst=${ip()}:2:X1`);
  }
  return out;
}

if (!existsSync(WAZUH)) {
  process.stderr.write(`decode bench: ${WAZUH} not found\n`);
  process.exit(1);
}
const t0 = performance.now();
const docs = decoderFiles().map((f) => readXml(readFileSync(f, "utf8"), f, { dialect: "wazuh" }));
const { decoders, diagnostics } = loadDecoders(docs);
const loadMs = performance.now() - t0;
for (const d of diagnostics.filter((x) => x.severity === "error")) process.stdout.write(`load: ${formatDiagnostic(d)}\n`);
// Joined and split again so each line is a flat string, as lines read from a file are.
const input = lines(EVENTS).join("\n").split("\n");
const events: RawEvent[] = input.map((log) => ({ agentId: "000", agentName: "m", location: "/var/log/auth.log", log, queue: "1", receivedAt: 0 }));
const names = new Map<string, number>();
for (let i = 0; i < 20_000; i++) decodeEvent(decoders, events[i] as RawEvent, { managerName: "m" });
const cpu0 = process.cpuUsage();
const w0 = performance.now();
for (const e of events) {
  const d = decodeEvent(decoders, e, { managerName: "m" });
  const n = d.decoderName ?? "(none)";
  names.set(n, (names.get(n) ?? 0) + 1);
}
const wallS = (performance.now() - w0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const perWall = Math.round(EVENTS / wallS);
const perCpu = Math.round(EVENTS / cpuS);
process.stdout.write(`decoder set: ${docs.length} files, ${decoders.names.length} names, loaded in ${loadMs.toFixed(0)} ms\n`);
process.stdout.write(`decoded ${EVENTS} events in ${wallS.toFixed(2)} s: ${perWall} events/s wall, ${perCpu} events/CPU-s\n`);
process.stdout.write(`decoders: ${[...names].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(", ")}\n`);
process.stdout.write(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
if (perCpu < TARGET) {
  process.stdout.write(`below target ${TARGET} events/CPU-s\n`);
  process.exit(1);
}
