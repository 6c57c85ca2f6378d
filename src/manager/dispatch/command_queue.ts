/**
 * Per-agent command queues: a response waits here until its agent acknowledges it, or until
 * it would already have expired. Behind an interface so a cluster can share the queues
 * (nothing assumes one process): the SQLite implementation is safe for several processes on
 * one database, and a JetStream one can replace it.
 * Must not: deliver (the responder does) or read the clock (times are passed in).
 */
import { migrate, type DatabaseSync } from "../../store/mod.ts";

export interface QueuedCommand {
  readonly id: string;
  readonly agentId: string;
  /** The response name (`firewall-drop600`). */
  readonly name: string;
  /** The Wazuh JSON message, serialised, exactly as the agent's execd receives it. */
  readonly message: string;
  readonly createdAt: number;
  /** After this instant the command is dropped instead of delivered. */
  readonly expiresAt: number;
  readonly decisionId: number;
}

/**
 * Contract: enqueue is durable when it returns; pending lists an agent's commands oldest
 * first; take-once semantics are the caller's (remove after an acknowledged delivery);
 * expire removes and returns what is past its expiry, so each expiry is reported once.
 */
export interface CommandQueue {
  enqueue(command: QueuedCommand): void;
  pending(agentId: string): QueuedCommand[];
  remove(id: string): boolean;
  expire(now: number): QueuedCommand[];
  /** Agent ids that have pending commands. */
  agents(): string[];
}

const SCHEMA = [
  `CREATE TABLE dispatch_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, agent_id TEXT NOT NULL, name TEXT NOT NULL,
     message TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, decision_id INTEGER NOT NULL);
   CREATE INDEX dispatch_queue_agent ON dispatch_queue (agent_id, seq);
   CREATE INDEX dispatch_queue_expires ON dispatch_queue (expires_at);`,
];

type Row = { id: string; agent_id: string; name: string; message: string; created_at: number; expires_at: number; decision_id: number };

const toCommand = (r: Row): QueuedCommand => ({
  id: r.id, agentId: r.agent_id, name: r.name, message: r.message, createdAt: r.created_at, expiresAt: r.expires_at, decisionId: r.decision_id,
});

export function createSqliteCommandQueue(db: DatabaseSync): CommandQueue {
  migrate(db, "dispatch_queue", SCHEMA);
  const insert = db.prepare(`INSERT INTO dispatch_queue (id, agent_id, name, message, created_at, expires_at, decision_id)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const byAgent = db.prepare("SELECT * FROM dispatch_queue WHERE agent_id = ? ORDER BY seq");
  const del = db.prepare("DELETE FROM dispatch_queue WHERE id = ?");
  const due = db.prepare("DELETE FROM dispatch_queue WHERE expires_at <= ? RETURNING *");
  const agents = db.prepare("SELECT DISTINCT agent_id FROM dispatch_queue ORDER BY agent_id");
  return {
    enqueue: (c) => void insert.run(c.id, c.agentId, c.name, c.message, c.createdAt, c.expiresAt, c.decisionId),
    pending: (agentId) => (byAgent.all(agentId) as Row[]).map(toCommand),
    remove: (id) => Number(del.run(id).changes) > 0,
    expire: (now) => (due.all(now) as Row[]).map(toCommand),
    agents: () => (agents.all() as { agent_id: string }[]).map((r) => r.agent_id),
  };
}
