/**
 * End-to-end harness: homes with a manager or agent configuration on 127.0.0.1, real
 * `node bin/riposte.ts …` processes with their output kept in files, free ports chosen up
 * front (so a restarted manager comes back on the same ports), enrollment, kill helpers, and
 * readers of what the manager produced (alerts.json, the stored alerts). Every process
 * started here is killed by `killAll()`; tests call it in `finally`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { mkdirSync, openSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { once } from "node:events";
import { DatabaseSync } from "node:sqlite";

const ROOT = resolve(import.meta.dirname, "..", "..");
const NODE = join(ROOT, "node_modules", ".bin", "node");
const BIN = join(ROOT, "bin", "riposte.ts");
/** Riposte's own ruleset (decoders/, rules/), as shipped in the repository. */
export const RIPOSTE_RULESET = join(ROOT, "ruleset");

export interface RiposteProcess {
  readonly child: ChildProcess;
  readonly name: string;
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
}

const live = new Set<RiposteProcess>();

/** A port nobody listens on right now (bound then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export function spawnRiposte(name: string, args: readonly string[], logDir: string, env: Record<string, string> = {}): RiposteProcess {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn(NODE, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", fd, fd], env: { ...process.env, ...env } });
  const exited = new Promise<number | string>((r) => child.once("exit", (code, signal) => r(code ?? signal ?? -1)));
  const p: RiposteProcess = { child, name, logFile, exited };
  live.add(p);
  void exited.then(() => live.delete(p));
  return p;
}

/** Runs a short command (enroll, control) to its end; returns exit code and output. */
export async function runRiposte(args: readonly string[], logDir: string, name = "cmd"): Promise<{ code: number | string; output: string }> {
  const p = spawnRiposte(`${name}-${Date.now()}`, args, logDir);
  const code = await p.exited;
  return { code, output: readFileSync(p.logFile, "utf8") };
}

export async function kill(p: RiposteProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  await p.exited;
}

export async function killAll(): Promise<void> {
  await Promise.all([...live].map((p) => kill(p, "SIGKILL")));
}

/** Rules for the tests, written by us: a syslog root and one level-5 rule per test marker. */
export const TEST_RULES = `<group name="e2e,">
  <rule id="1" level="0" noalert="1">
    <category>syslog</category>
    <description>Root of syslog rules (e2e)</description>
  </rule>
  <rule id="100010" level="5">
    <match>e2e-line</match>
    <description>e2e: numbered test line</description>
  </rule>
</group>
`;

export interface ManagerHome {
  readonly home: string;
  readonly remotePort: number;
  readonly authPort: number;
  readonly password: string;
}

export interface ManagerHomeOptions {
  /** "test": TEST_RULES in HOME/rules (default); "riposte": the repository's ruleset/. */
  readonly ruleset?: "test" | "riposte";
  /** Further configuration inside <ossec_config> (commands, active responses). */
  readonly extra?: string;
}

/** The manager's ossec.conf (also rewritten by reload tests). */
export function managerConfigText(m: { home: string; remotePort: number; authPort: number }, localfiles: readonly string[] = [], options: ManagerHomeOptions = {}): string {
  const lf = localfiles.map((f) => `<localfile><log_format>syslog</log_format><location>${f}</location><only-future-events>no</only-future-events></localfile>`).join("");
  const rules = options.ruleset === "riposte" ? RIPOSTE_RULESET : join(m.home, "rules");
  return `<ossec_config>
  <global><jsonout_output>yes</jsonout_output></global>
  <remote><connection>secure</connection><port>${m.remotePort}</port><protocol>tcp</protocol><local_ip>127.0.0.1</local_ip></remote>
  <auth><port>${m.authPort}</port><use_password>yes</use_password></auth>
  <ruleset><decoder_dir>${join(rules, "decoders")}</decoder_dir><rule_dir>${join(rules, "rules")}</rule_dir></ruleset>
  ${lf}${options.extra ?? ""}
</ossec_config>
`;
}

export async function makeManagerHome(dir: string, localfiles: readonly string[] = [], options: ManagerHomeOptions = {}): Promise<ManagerHome> {
  const home = join(dir, "manager");
  mkdirSync(join(home, "etc"), { recursive: true });
  mkdirSync(join(home, "rules", "decoders"), { recursive: true });
  mkdirSync(join(home, "rules", "rules"), { recursive: true });
  writeFileSync(join(home, "rules", "rules", "e2e_rules.xml"), TEST_RULES);
  const password = "e2e-password";
  writeFileSync(join(home, "etc", "authd.pass"), `${password}\n`);
  const remotePort = await freePort();
  const authPort = await freePort();
  writeFileSync(join(home, "etc", "ossec.conf"), managerConfigText({ home, remotePort, authPort }, localfiles, options));
  return { home, remotePort, authPort, password };
}

export interface AgentHomeOptions {
  /** Directories FIM watches with realtime="yes" (a <syscheck> block; none by default). */
  readonly realtimeDirs?: readonly string[];
}

/** An agent home whose configuration points at `manager.remotePort` (or `port`, e.g. a proxy). */
export function makeAgentHome(dir: string, name: string, manager: ManagerHome, files: readonly string[], port = manager.remotePort, options: AgentHomeOptions = {}): string {
  const home = join(dir, name);
  mkdirSync(join(home, "etc"), { recursive: true });
  const lf = files.map((f) => `<localfile><log_format>syslog</log_format><location>${f}</location><only-future-events>no</only-future-events></localfile>`).join("\n  ");
  const dirs = options.realtimeDirs ?? [];
  const fim = dirs.length === 0 ? "" : `<syscheck><disabled>no</disabled><frequency>43200</frequency>${dirs.map((d) => `<directories realtime="yes">${d}</directories>`).join("")}</syscheck>`;
  writeFileSync(join(home, "etc", "ossec.conf"), `<ossec_config>
  <client><server><address>127.0.0.1</address><port>${port}</port><protocol>tcp</protocol></server>
    <notify_time>1</notify_time><time-reconnect>5</time-reconnect></client>
  ${lf}
  ${fim}
</ossec_config>
`);
  return home;
}

/** `riposte enroll` of the agent in `home` as `name` with the manager's password; throws with the output on failure. */
export async function enrollAgent(manager: ManagerHome, home: string, name: string, logDir: string): Promise<void> {
  const r = await runRiposte(["enroll", "--manager", `127.0.0.1:${manager.authPort}`, "--password", manager.password, "--name", name, "--home", home], logDir, `enroll-${name}`);
  if (r.code !== 0) throw new Error(`enroll ${name} exited ${String(r.code)}:\n${r.output}`);
}

/** Waits for HOME/var/run/ports.json to name `remote` (the manager is listening). */
export async function waitForManager(home: string, timeoutMs = 15_000): Promise<void> {
  const path = join(home, "var", "run", "ports.json");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(path) && existsSync(join(home, "var", "run", "control.sock"))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`manager in ${home} did not start in ${timeoutMs} ms`);
}

/** alerts.json as parsed lines ([] when absent). */
export function readAlerts(managerHome: string): { rule: { id: string }; agent: { id: string; name: string }; location: string; full_log?: string; syscheck?: Record<string, unknown> }[] {
  const path = join(managerHome, "logs", "alerts", "alerts.json");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as ReturnType<typeof readAlerts>[number]);
}

/**
 * The numbers N of the stored alerts of rule 100010 whose line ends in "seq N", read from the
 * manager's store (written in the same transaction that consumes the intake journal, so one
 * stored alert per line means the line was analysed exactly once).
 */
export function storedSeqNumbers(managerHome: string): number[] {
  const db = new DatabaseSync(join(managerHome, "queue", "analysis.db"), { readOnly: true });
  try {
    const rows = db.prepare("SELECT json FROM alerts WHERE rule_id = '100010'").all() as { json: string }[];
    return rows.map((r) => Number(/seq (\d+)$/.exec((JSON.parse(r.json) as { full_log: string }).full_log)?.[1] ?? -1));
  } finally {
    db.close();
  }
}
