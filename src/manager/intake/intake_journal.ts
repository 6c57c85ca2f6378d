/**
 * The durable intake journal (HOME/queue/analysis.db): events are acknowledged to an agent
 * only once they are committed here, and analysis removes them in the same transaction that
 * stores its alerts — so an event is analysed exactly once across crashes of either side.
 * Per agent it keeps the spool identity and the last accepted sequence number: a resent
 * event (seq ≤ last) is ignored and counted, never analysed twice.
 * Writes are group-committed: every `accept` issued in the same tick shares one transaction.
 * Must not: analyse (analysis_worker.ts does) or talk to the network.
 */
import { migrate, transaction, type DatabaseSync } from "../../store/mod.ts";
import type { EventItem } from "../../transport/mod.ts";

export interface IntakeAgent {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
}

export interface JournalRow {
  readonly id: number;
  readonly agentId: string;
  readonly agentName: string;
  readonly agentIp: string;
  readonly location: string;
  readonly log: string;
  readonly queue: string;
  readonly receivedAt: number;
}

export interface AcceptResult {
  /** Cumulative ack to send: every seq ≤ this is durable. */
  readonly ackSeq: number;
  readonly accepted: number;
  /** Items ignored because their seq was already accepted. */
  readonly replayed: number;
}

export const INTAKE_MIGRATIONS = [
  `CREATE TABLE intake (id INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL, agent_name TEXT NOT NULL,
     agent_ip TEXT NOT NULL, location TEXT NOT NULL, log TEXT NOT NULL, queue TEXT NOT NULL, received_at INTEGER NOT NULL);
   CREATE TABLE intake_cursors (agent_id TEXT PRIMARY KEY, spool_id TEXT NOT NULL, last_seq INTEGER NOT NULL);`,
];

interface Pending {
  agent: IntakeAgent;
  firstSeq: number;
  items: readonly EventItem[];
  resolve: (r: AcceptResult) => void;
  reject: (e: unknown) => void;
}

export class IntakeJournal {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #cursors = new Map<string, { spoolId: string; lastSeq: number }>();
  #pending: Pending[] = [];
  #scheduled = false;
  /** Called after each commit that appended rows (the analysis worker wakes up). */
  onAppended: () => void = () => {};

  constructor(db: DatabaseSync, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    migrate(db, "intake", INTAKE_MIGRATIONS);
    const rows = db.prepare("SELECT agent_id, spool_id, last_seq FROM intake_cursors").all() as { agent_id: string; spool_id: string; last_seq: number }[];
    for (const r of rows) this.#cursors.set(r.agent_id, { spoolId: r.spool_id, lastSeq: r.last_seq });
  }

  /**
   * Opens an agent's stream for `spoolId`: returns the last accepted seq (what `welcome`
   * tells the agent). A different spool identity (the agent's spool was recreated) restarts
   * the numbering at 0.
   */
  open(agentId: string, spoolId: string): number {
    const c = this.#cursors.get(agentId);
    if (c && c.spoolId === spoolId) return c.lastSeq;
    this.#db.prepare("INSERT INTO intake_cursors (agent_id, spool_id, last_seq) VALUES (?, ?, 0) ON CONFLICT(agent_id) DO UPDATE SET spool_id = excluded.spool_id, last_seq = 0").run(agentId, spoolId);
    this.#cursors.set(agentId, { spoolId, lastSeq: 0 });
    return 0;
  }

  /** Durably appends the items not yet accepted; resolves after the commit. */
  accept(agent: IntakeAgent, firstSeq: number, items: readonly EventItem[]): Promise<AcceptResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ agent, firstSeq, items, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    const results: AcceptResult[] = [];
    const insert = this.#db.prepare("INSERT INTO intake (agent_id, agent_name, agent_ip, location, log, queue, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const cursor = this.#db.prepare("UPDATE intake_cursors SET last_seq = ? WHERE agent_id = ?");
    const now = this.#now();
    const staged = new Map<string, number>();
    try {
      transaction(this.#db, () => {
        for (const p of batch) {
          const c = this.#cursors.get(p.agent.id);
          let last = staged.get(p.agent.id) ?? c?.lastSeq ?? 0;
          let accepted = 0;
          p.items.forEach((item, i) => {
            const seq = p.firstSeq + i;
            if (seq <= last) return;
            insert.run(p.agent.id, p.agent.name, p.agent.ip, item.location, item.log, item.queue, now);
            last = seq;
            accepted++;
          });
          staged.set(p.agent.id, last);
          cursor.run(last, p.agent.id);
          results.push({ ackSeq: last, accepted, replayed: p.items.length - accepted });
        }
      });
    } catch (error: unknown) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const [id, last] of staged) {
      const c = this.#cursors.get(id);
      if (c) c.lastSeq = last;
    }
    batch.forEach((p, i) => p.resolve(results[i] as AcceptResult));
    if (results.some((r) => r.accepted > 0)) this.onAppended();
  }

  /** The oldest `limit` rows not yet analysed. */
  take(limit: number): JournalRow[] {
    const rows = this.#db.prepare("SELECT * FROM intake ORDER BY id LIMIT ?").all(limit) as {
      id: number; agent_id: string; agent_name: string; agent_ip: string; location: string; log: string; queue: string; received_at: number;
    }[];
    return rows.map((r) => ({ id: r.id, agentId: r.agent_id, agentName: r.agent_name, agentIp: r.agent_ip, location: r.location, log: r.log, queue: r.queue, receivedAt: r.received_at }));
  }

  /** Removes analysed rows up to `maxId`; call inside the transaction that stores their alerts. */
  removeUpTo(maxId: number): void {
    this.#db.prepare("DELETE FROM intake WHERE id <= ?").run(maxId);
  }

  backlog(): number {
    return (this.#db.prepare("SELECT COUNT(*) AS n FROM intake").get() as { n: number }).n;
  }
}
