// `npm run bench -- api`: the REST API over 1,000,000 stored alerts (inserted through the
// manager's AlertStore, spread over the last 24 hours, 200 agents, 5,000 source addresses).
// Reports p50/p95 of GET /alerts for several query shapes over real HTTPS (keep-alive), and
// the dashboard's first view in headless Chromium (Debian `chromium`; skipped with a note
// when absent): page load to the sign-in form, and sign-in to the fully populated dashboard.
// Targets: search p95 < 200 ms, first view < 1 s. Options: --alerts N (default 1000000),
// --fresh (rebuild the database in bench/out/).
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { Agent, request } from "node:https";
import { join, resolve } from "node:path";
import { cpus, loadavg } from "node:os";
import { ManualClock, systemClock, type Alert } from "../src/core/mod.ts";
import { openDatabase, transaction } from "../src/store/mod.ts";
import { AgentRegistry } from "../src/manager/mod.ts";
import { AlertStore } from "../src/manager/outputs/mod.ts";
import { agentDirectoryFrom, createResponder } from "../src/manager/dispatch/mod.ts";
import { createApiServer, hashPassword } from "../src/api/mod.ts";
import { createCertificateAuthority, issueServerCertificate } from "../src/transport/mod.ts";

const OUT = resolve(import.meta.dirname, "out", "api");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TOTAL = arg("--alerts", 1_000_000);
const RULES = [["5710", 5, "sshd: Attempt to login using a non-existent user"], ["5716", 5, "sshd: authentication failed"], ["5760", 5, "sshd: authentication failed"],
  ["5712", 10, "sshd: brute force trying to get access to the system"], ["5763", 10, "sshd: brute force trying to get access to the system"],
  ["31103", 7, "SQL injection attempt"], ["31106", 6, "A web attack returned code 200 (success)"], ["550", 7, "Integrity checksum changed"],
  ["5402", 3, "Successful sudo to ROOT executed"], ["100200", 12, "Multiple web attacks from the same source"]] as const;
const USERS = ["root", "admin", "oracle", "postgres", "ubuntu", "test", "guest", "deploy", "git", "pi"];

function alertAt(i: number, ts: number): Alert {
  const [id, level, description] = RULES[(i * 7) % RULES.length] as (typeof RULES)[number];
  const agent = String((i % 200) + 1).padStart(3, "0");
  const srcip = `198.${18 + (i % 2)}.${(i >> 3) % 250}.${i % 10}`;
  const user = `${USERS[i % USERS.length]}${i % 97 === 0 ? i : ""}`;
  return {
    timestamp: new Date(ts).toISOString().replace("Z", "+0000"), id: `${Math.floor(ts / 1000)}.${i}`,
    rule: { level, description, id, firedtimes: 1 + (i % 9), mail: false, groups: ["syslog", "sshd"], mitre: { id: ["T1110"], tactic: [], technique: [] } },
    agent: { id: agent, name: `host-${agent}` }, manager: { name: "bench" }, location: "/var/log/auth.log",
    full_log: `Nov 29 10:00:00 host-${agent} sshd[${1000 + (i % 30000)}]: Failed password for ${user} from ${srcip} port ${1024 + (i % 60000)} ssh2`,
    decoder: { name: "sshd" }, data: { srcip, srcuser: user, srcport: String(1024 + (i % 60000)) },
  } as Alert;
}

function build(dbPath: string, now: number): void {
  const t0 = performance.now();
  const db = openDatabase(dbPath);
  const store = new AlertStore(db);
  const span = 24 * 3600_000;
  for (let start = 0; start < TOTAL; start += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, TOTAL - start) }, (_, k) => alertAt(start + k, now - span + Math.floor(((start + k) / TOTAL) * span)));
    transaction(db, () => store.insert(batch));
  }
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  process.stdout.write(`inserted ${TOTAL} alerts in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

function get(port: string | number, path: string, token: string, agent: Agent, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolveGet, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent, ca, servername: "localhost", headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolveGet({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dbPath = join(OUT, `alerts-${TOTAL}.db`);
  const now = Date.now();
  if (process.argv.includes("--fresh")) rmSync(dbPath, { force: true });
  if (!existsSync(dbPath)) build(dbPath, now);
  else process.stdout.write(`reusing ${dbPath} (--fresh rebuilds it)\n`);
  const migrating = openDatabase(dbPath);
  new AlertStore(migrating);
  migrating.close();
  const probe = openDatabase(dbPath, { readOnly: true });
  const { last } = probe.prepare("SELECT MAX(ts) AS last FROM alerts").get() as { last: number };
  probe.close();

  const ca = await createCertificateAuthority("bench-ca");
  const tls = await issueServerCertificate(ca, ["localhost", "127.0.0.1"]);
  const registry = new AgentRegistry(join(OUT, "agents.db"));
  registry.ensureLocal("bench");
  const arDb = openDatabase(":memory:");
  const responder = createResponder({ config: { definitions: [] }, clock: new ManualClock(), store: arDb, agents: agentDirectoryFrom(registry), deliver: async () => true });
  const api = createApiServer({
    config: { disabled: false, host: "127.0.0.1", port: 0, users: [{ name: "bench", role: "admin", passwordHash: await hashPassword("bench-password"), at: { file: "bench", line: 1, column: 1 } }] },
    home: OUT, tls, alertsDb: dbPath, clock: systemClock, agents: registry, responder, responseNames: () => [], requestsPerMinute: 1_000_000,
  });
  const port = await api.start();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const login = await new Promise<string>((res, rej) => {
    const req = request({ host: "127.0.0.1", port, path: "/security/user/authenticate", method: "POST", agent, ca: ca.certPem, servername: "localhost", headers: { authorization: `Basic ${Buffer.from("bench:bench-password").toString("base64")}` } }, (r) => {
      let body = "";
      r.on("data", (c) => (body += c));
      r.on("end", () => res((JSON.parse(body) as { data: { token: string } }).data.token));
    });
    req.on("error", rej);
    req.end();
  });
  const hourAgo = last - 3600_000;
  const shapes: [string, string][] = [
    ["newest page (limit 50)", "/alerts?limit=50"],
    ["level >= 12", "/alerts?level=12"],
    ["rule_id=5712", "/alerts?rule_id=5712"],
    ["agent_id=042", "/alerts?agent_id=042"],
    ["srcip", "/alerts?srcip=198.18.5.2"],
    ["last hour, level 10-11", `/alerts?from=${hourAgo}&level=10&level_max=11`],
    ["agent + level + 6 h range", `/alerts?agent_id=010&level=10&from=${last - 6 * 3600_000}`],
    ["text 'oracle' (frequent)", "/alerts?q=oracle"],
    ["text, rare user, last hour", `/alerts?q=${encodeURIComponent(`root${Math.floor(TOTAL / 970 - 2) * 970}`)}&from=${hourAgo}`],
    ["page 200 (offset 10000)", "/alerts?offset=10000&limit=50"],
    ["summary, 60 min (charts)", "/alerts/summary?minutes=60"],
  ];
  process.stdout.write(`\nGET over HTTPS, ${TOTAL} alerts, 40 requests per shape after 3 warm-ups (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs)\n`);
  process.stdout.write(`${"shape".padEnd(30)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"total".padStart(8)}\n`);
  let worst = 0;
  for (const [name, path] of shapes) {
    for (let i = 0; i < 3; i++) await get(port, path, login, agent, ca.certPem);
    const times: number[] = [];
    let total = "";
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      const r = await get(port, path, login, agent, ca.certPem);
      times.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
      total = String((JSON.parse(r.body) as { data: { total_affected_items?: number } }).data.total_affected_items ?? "-");
    }
    const p95 = percentile(times, 95);
    worst = Math.max(worst, p95);
    process.stdout.write(`${name.padEnd(30)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${total.padStart(8)}\n`);
  }
  const full = performance.now();
  await get(port, "/alerts?q=no-such-text-anywhere", login, agent, ca.certPem);
  process.stdout.write(`(worst text search, no other filter and no match, reads its whole 100,000-alert window: ${(performance.now() - full).toFixed(0)} ms, one request)\n`);
  process.stdout.write(`worst p95: ${worst.toFixed(1)} ms (target < 200 ms) ${worst < 200 ? "OK" : "MISSED"}\n`);
  await firstView(port);
  agent.destroy();
  await api.stop();
  await responder.stop();
  arDb.close();
  registry.close();
}

async function firstView(port: number): Promise<void> {
  const CHROMIUM = "/usr/bin/chromium";
  if (!existsSync(CHROMIUM)) {
    process.stdout.write("\ndashboard first view: skipped (Debian chromium is not installed)\n");
    return;
  }
  const { chromium } = await import("playwright-core");
  const profile = join(OUT, "chromium-profile");
  rmSync(profile, { recursive: true, force: true });
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, ignoreHTTPSErrors: true, viewport: { width: 1440, height: 1000 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const loads: number[] = [];
    const views: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await page.goto(`https://127.0.0.1:${port}/`, { waitUntil: "load" });
      await page.waitForSelector("#login-form button");
      loads.push(performance.now() - t0);
      await page.fill("#user", "bench");
      await page.fill("#password", "bench-password");
      const t1 = performance.now();
      await page.click("#login-form button[type=submit]");
      await page.waitForSelector("body[data-ready=true]");
      await page.waitForSelector("#alerts tbody tr");
      views.push(performance.now() - t1);
    }
    process.stdout.write(`\ndashboard in headless Chromium (5 runs, median): page load to sign-in form ${percentile(loads, 50).toFixed(0)} ms; ` +
      `sign-in to fully populated dashboard (100 alerts, charts, agents, history) ${percentile(views, 50).toFixed(0)} ms; ` +
      `first view total ${(percentile(loads, 50) + percentile(views, 50)).toFixed(0)} ms (target < 1000 ms)\n`);
  } finally {
    await browser.close();
  }
}

await main();
