/**
 * The agent registry (HOME/queue/agents.db): who may connect, with which certificate, and how
 * each agent is doing. Ids are allocated once and never reused; "000" is the manager's own
 * agent. Revocation is a status: the row stays (history), the certificate is refused.
 * Must not: touch the network (the server closes live channels on revoke).
 */
import { migrate, openDatabase, transaction, type DatabaseSync } from "../../store/mod.ts";

export type AgentStatus = "never_connected" | "active" | "disconnected" | "revoked";

export interface AgentRecord {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly groups: readonly string[];
  readonly version: string;
  readonly status: AgentStatus;
  /** ms since epoch of the last message heard, 0 = never. */
  readonly lastKeepalive: number;
  readonly registeredAt: number;
  readonly certSerial: string;
  readonly certFingerprint: string;
  /** Events the agent's spool dropped (reported by the agent). */
  readonly dropped: number;
}

const MIGRATIONS = [
  `CREATE TABLE agents (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, ip TEXT NOT NULL DEFAULT 'any', groups TEXT NOT NULL DEFAULT '[]',
     version TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, last_keepalive INTEGER NOT NULL DEFAULT 0,
     registered_at INTEGER NOT NULL, cert_serial TEXT NOT NULL DEFAULT '', cert_fingerprint TEXT NOT NULL DEFAULT '',
     dropped INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX agents_name ON agents(name);`,
];

interface Row {
  id: string; name: string; ip: string; groups: string; version: string; status: string;
  last_keepalive: number; registered_at: number; cert_serial: string; cert_fingerprint: string; dropped: number;
}

const toRecord = (r: Row): AgentRecord => Object.freeze({
  id: r.id, name: r.name, ip: r.ip, groups: Object.freeze(JSON.parse(r.groups) as string[]), version: r.version,
  status: r.status as AgentStatus, lastKeepalive: r.last_keepalive, registeredAt: r.registered_at,
  certSerial: r.cert_serial, certFingerprint: r.cert_fingerprint, dropped: r.dropped,
});

export interface NewAgent {
  readonly name: string;
  readonly ip: string;
  readonly groups: readonly string[];
}

export class AgentRegistry {
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  constructor(path: string, now: () => number = Date.now) {
    this.#db = openDatabase(path);
    migrate(this.#db, "agents", MIGRATIONS);
    this.#now = now;
  }

  /** Ensures agent 000 (the manager's own host) exists, named `name`. */
  ensureLocal(name: string): AgentRecord {
    this.#db.prepare("INSERT INTO agents (id, name, ip, status, registered_at) VALUES ('000', ?, '127.0.0.1', 'active', ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, status = 'active'").run(name, this.#now());
    return this.get("000") as AgentRecord;
  }

  /** Allocates the next id and stores the agent; `finish` may throw to roll back (e.g. signing failed). */
  async add(agent: NewAgent, issue: (id: string) => Promise<{ serial: string; fingerprint: string }>): Promise<AgentRecord> {
    const row = this.#db.prepare("SELECT MAX(CAST(id AS INTEGER)) AS m FROM agents").get() as { m: number | null };
    const id = String((row.m ?? 0) + 1).padStart(3, "0");
    this.#db.prepare("INSERT INTO agents (id, name, ip, groups, status, registered_at) VALUES (?, ?, ?, ?, 'revoked', ?)")
      .run(id, agent.name, agent.ip, JSON.stringify(agent.groups), this.#now());
    try {
      const cert = await issue(id);
      this.#db.prepare("UPDATE agents SET status = 'never_connected', cert_serial = ?, cert_fingerprint = ? WHERE id = ?").run(cert.serial, cert.fingerprint, id);
    } catch (error: unknown) {
      this.#db.prepare("DELETE FROM agents WHERE id = ?").run(id);
      throw error;
    }
    return this.get(id) as AgentRecord;
  }

  get(id: string): AgentRecord | undefined {
    const row = this.#db.prepare("SELECT * FROM agents WHERE id = ?").get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** The live (not revoked) agent of that name, if any. */
  byName(name: string): AgentRecord | undefined {
    const row = this.#db.prepare("SELECT * FROM agents WHERE name = ? AND status != 'revoked' AND id != '000'").get(name) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  list(options: { includeRevoked?: boolean } = {}): AgentRecord[] {
    const sql = options.includeRevoked ? "SELECT * FROM agents ORDER BY id" : "SELECT * FROM agents WHERE status != 'revoked' ORDER BY id";
    return (this.#db.prepare(sql).all() as unknown as Row[]).map(toRecord);
  }

  /** Marks the agent revoked; returns false when it did not exist or was already revoked. */
  revoke(id: string): boolean {
    if (id === "000") return false;
    return Number(this.#db.prepare("UPDATE agents SET status = 'revoked' WHERE id = ? AND status != 'revoked'").run(id).changes) > 0;
  }

  /** Records a connection (hello): status active, version, address, dropped count. */
  connected(id: string, info: { ip: string; version: string; dropped: number }): void {
    this.#db.prepare("UPDATE agents SET status = 'active', ip = ?, version = ?, dropped = ?, last_keepalive = ? WHERE id = ? AND status != 'revoked'")
      .run(info.ip, info.version, info.dropped, this.#now(), id);
  }

  /** Records keepalives of many agents at once (one transaction). */
  keepalives(entries: ReadonlyMap<string, { at: number; dropped?: number }>): void {
    if (entries.size === 0) return;
    const stmt = this.#db.prepare("UPDATE agents SET last_keepalive = ?, dropped = COALESCE(?, dropped) WHERE id = ? AND status = 'active'");
    transaction(this.#db, () => {
      for (const [id, e] of entries) stmt.run(e.at, e.dropped ?? null, id);
    });
  }

  disconnected(id: string): void {
    this.#db.prepare("UPDATE agents SET status = 'disconnected' WHERE id = ? AND status = 'active' AND id != '000'").run(id);
  }

  /** At startup nobody is connected yet. */
  markAllDisconnected(): void {
    this.#db.prepare("UPDATE agents SET status = 'disconnected' WHERE status = 'active' AND id != '000'").run();
  }

  close(): void {
    this.#db.close();
  }
}
