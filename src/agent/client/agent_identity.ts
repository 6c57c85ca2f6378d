/**
 * The agent's identity under HOME/etc, written by enrollment and read at every start:
 * agent.key (0600) and agent.cert (issued by the manager's CA, CN = agent id),
 * manager-ca.pem, and enrollment.json (id, name, the manager's pinned certificate
 * fingerprint, where it enrolled).
 * Must not: connect anywhere.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AGENT_ID, AGENT_NAME, TransportError } from "../../transport/mod.ts";

export interface AgentIdentity {
  readonly agentId: string;
  readonly name: string;
  readonly certPem: string;
  readonly keyPem: string;
  readonly caPem: string;
  /** SHA-256 fingerprint of the manager's certificate, pinned at enrollment. */
  readonly managerFingerprint: string;
  /** Host the agent enrolled with (the default manager address). */
  readonly managerHost: string;
}

const files = (home: string) => {
  const etc = join(home, "etc");
  return { etc, key: join(etc, "agent.key"), cert: join(etc, "agent.cert"), ca: join(etc, "manager-ca.pem"), meta: join(etc, "enrollment.json") };
};

export function hasAgentIdentity(home: string): boolean {
  return existsSync(files(home).meta);
}

export function saveAgentIdentity(home: string, id: AgentIdentity): void {
  const f = files(home);
  mkdirSync(f.etc, { recursive: true });
  writeFileSync(f.key, id.keyPem, { mode: 0o600 });
  chmodSync(f.key, 0o600);
  writeFileSync(f.cert, id.certPem);
  writeFileSync(f.ca, id.caPem);
  const meta = { agentId: id.agentId, name: id.name, managerFingerprint: id.managerFingerprint, managerHost: id.managerHost };
  writeFileSync(f.meta, `${JSON.stringify(meta, null, 2)}\n`);
}

/** Reads the identity; throws PKI_MATERIAL_INVALID (with the file) when missing or damaged. */
export function loadAgentIdentity(home: string): AgentIdentity {
  const f = files(home);
  const read = (path: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch (error: unknown) {
      throw new TransportError("PKI_MATERIAL_INVALID", `Cannot read "${path}": run "riposte enroll" first`, { cause: error });
    }
  };
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(read(f.meta)) as Record<string, unknown>;
  } catch (error: unknown) {
    if (error instanceof TransportError) throw error;
    throw new TransportError("PKI_MATERIAL_INVALID", `Cannot parse "${f.meta}"`, { cause: error });
  }
  const { agentId, name, managerFingerprint, managerHost } = meta;
  if (typeof agentId !== "string" || !AGENT_ID.test(agentId) || typeof name !== "string" || !AGENT_NAME.test(name) ||
    typeof managerFingerprint !== "string" || typeof managerHost !== "string") {
    throw new TransportError("PKI_MATERIAL_INVALID", `Cannot use "${f.meta}": it lacks a valid agentId, name, managerFingerprint or managerHost`);
  }
  return { agentId, name, managerFingerprint, managerHost, certPem: read(f.cert), keyPem: read(f.key), caPem: read(f.ca) };
}
