#!/usr/bin/env node
// `npm start`: the manager with its local agent on the shipped default configuration
// (etc/ossec.conf), with its home in var/home/ inside the checkout. Creates the home layout
// and an enrollment password on first run, links the built-in response launchers into
// HOME/active-response/bin (missing ones only), prints where things are, then runs
// `riposte manager` until Ctrl-C. No logic beyond preparing the home (DESIGN §1).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { installBuiltinLaunchers, main } from "../src/cli/mod.ts";

const root = resolve(import.meta.dirname, "..");
const home = process.env["RIPOSTE_HOME"] ?? join(root, "var", "home");
const config = join(root, "etc", "ossec.conf");

for (const dir of ["etc", "logs/alerts", "queue", "var/run", "active-response/bin"]) mkdirSync(join(home, dir), { recursive: true });
const passFile = join(home, "etc", "authd.pass");
if (!existsSync(passFile)) writeFileSync(passFile, `${randomBytes(18).toString("base64url")}\n`, { mode: 0o600 });
const launchers = installBuiltinLaunchers(home);
for (const f of launchers.failed) process.stderr.write(`cannot install the built-in response ${f.name}: ${f.reason}\n`);

process.stdout.write(
  [
    `Riposte home:         ${home}`,
    `Configuration:        ${config}`,
    `Enrollment password:  ${readFileSync(passFile, "utf8").trim()}  (${passFile})`,
    `Alerts:               ${join(home, "logs", "alerts", "alerts.json")}`,
    `Built-in responses:   ${join(home, "active-response", "bin")} (${launchers.installed.length + launchers.kept.length} present)`,
    `Enroll an agent:      npm run riposte -- enroll --manager 127.0.0.1 --password-file ${passFile} --home AGENT_HOME`,
    "",
  ].join("\n"),
);

// The manager writes ports.json once it listens; then say where the dashboard is.
const portsFile = join(home, "var", "run", "ports.json");
rmSync(portsFile, { force: true });
const announce = setInterval(() => {
  if (!existsSync(portsFile)) return;
  try {
    const ports = JSON.parse(readFileSync(portsFile, "utf8")) as { api?: number };
    if (ports.api === undefined) return;
    clearInterval(announce);
    const adminPass = join(home, "etc", "api-admin.pass");
    const login = existsSync(adminPass) ? `user admin, password in ${adminPass}` : "users from <api> in the configuration";
    process.stdout.write(`\nDashboard:            https://127.0.0.1:${ports.api}/  (${login}; the certificate is the manager's own)\n\n`);
  } catch {
    // Written while we read it: try again on the next tick.
  }
}, 200);
announce.unref();

const controller = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => controller.abort(new Error(`received ${sig}`)));
process.exitCode = await main(["manager", "--config", config, "--home", home], {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
