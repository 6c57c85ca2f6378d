/**
 * `riposte enroll --manager HOST[:PORT] (--password P | --password-file F) [--name N]
 * [--groups G1,G2] [--home DIR] [--pin SHA256]`: obtains this agent's identity from the
 * manager's enrollment service and pins the manager's certificate.
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { enrollAgent } from "../agent/mod.ts";
import { AGENT_NAME, isValidGroup } from "../transport/mod.ts";
import type { Command, CommandIO } from "./command.ts";
import { EXIT } from "./command.ts";
import { UsageError, parseCommandArgs, resolveHome } from "./args.ts";
import { absoluteHome } from "./daemon_io.ts";
import { setUpActiveResponseBin } from "./ar_launchers.ts";

const HELP = `Usage: riposte enroll --manager HOST[:PORT] (--password P | --password-file F) [--name N] [--groups G1,G2] [--home DIR] [--pin SHA256]

Enrolls this host with the manager's enrollment service (default port 1515): makes a
new key, sends a certificate request, and stores what the manager issues in HOME/etc
(agent.key, agent.cert, manager-ca.pem, enrollment.json). The manager's certificate
fingerprint is pinned: from then on the agent refuses any other manager certificate.

Options:
  --manager HOST[:PORT]  Manager address and enrollment port (default port 1515).
  --password P           Enrollment password (the manager's HOME/etc/authd.pass).
  --password-file F      Read the password from file F instead.
  --name N               Agent name (default: this host's name).
  --groups G1,G2         Groups of the agent.
  --pin SHA256           Expected manager fingerprint (AA:BB:...); without it the first
                         certificate seen is trusted and pinned.
  --home DIR             Riposte home (default $RIPOSTE_HOME, else /var/riposte).
  -h, --help             Show this help.
`;

function parseManager(value: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(value);
  const port = m?.[2] === undefined ? 1515 : Number(m[2]);
  if (!m || port < 1 || port > 65535) throw new UsageError(`--manager must be HOST[:PORT], not "${value}"`);
  return { host: (m[1] ?? "").replace(/^\[|\]$/g, ""), port };
}

function readPassword(values: { password?: string; "password-file"?: string }, io: CommandIO): string | undefined {
  if (values.password !== undefined && values["password-file"] !== undefined) throw new UsageError("give --password or --password-file, not both");
  if (values["password-file"] === undefined) return values.password;
  const file = isAbsolute(values["password-file"]) ? values["password-file"] : resolve(io.cwd, values["password-file"]);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    throw new UsageError(`cannot read --password-file "${values["password-file"]}"`);
  }
}

export const enrollCommand: Command = {
  name: "enroll",
  summary: "Enroll this agent with a manager and pin the manager's certificate",
  help: HELP,
  async run(argv: readonly string[], io: CommandIO): Promise<number> {
    const { values } = parseCommandArgs(argv, {
      manager: { type: "string" }, password: { type: "string" }, "password-file": { type: "string" }, name: { type: "string" },
      groups: { type: "string" }, home: { type: "string" }, pin: { type: "string" },
    });
    if (values.manager === undefined) throw new UsageError("--manager is required");
    const { host, port } = parseManager(values.manager);
    const name = values.name ?? hostname();
    if (!AGENT_NAME.test(name)) throw new UsageError(`--name must be 1-128 letters, digits, '.', '_' or '-', not "${name}"`);
    const groups = (values.groups ?? "").split(",").filter((g) => g !== "");
    const bad = groups.find((g) => !isValidGroup(g));
    if (bad !== undefined) throw new UsageError(`invalid group name "${bad}"`);
    const password = readPassword(values, io);
    const home = absoluteHome(resolveHome(values.home, io.env), io);
    const id = await enrollAgent({ home, host, port, name, groups, ...(password !== undefined ? { password } : {}), ...(values.pin !== undefined ? { pinSha256: values.pin } : {}) });
    io.stdout(`enrolled as agent ${id.agentId} (${id.name}); manager fingerprint ${id.managerFingerprint} pinned\n`);
    const bin = setUpActiveResponseBin(home);
    if (bin && bin.installed.length > 0) io.stdout(`built-in responses installed in ${join(home, "active-response", "bin")}: ${bin.installed.join(", ")}\n`);
    for (const f of bin?.failed ?? []) io.stderr(`cannot install the built-in response ${f.name}: ${f.reason}\n`);
    return EXIT.ok;
  },
};
