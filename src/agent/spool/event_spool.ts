/**
 * The agent's durable event spool (HOME/queue/spool.db): every collected event gets the next
 * sequence number and is committed before the source is told it is safe; events leave only
 * when the manager acknowledged them (cumulative ack) or, when the spool is full, the oldest
 * are dropped, counted, and the count reported to the manager. Sequence numbers never repeat
 * for one spool identity (AUTOINCREMENT), across restarts.
 * Appends in the same tick share one transaction (group commit). An append may carry a
 * `commit` hook that runs inside that transaction: a source's position then becomes durable
 * together with its event, on the same database connection, or not at all (a SIGKILL between
 * two separate commits would make the source read the event again after a restart).
 * Must not: talk to the network (the client does) or know sources.
 */
import { randomUUID } from "node:crypto";
import { migrate, openDatabase, statementCache, transaction, type DatabaseSync } from "../../store/mod.ts";
import type { EventItem } from "../../transport/mod.ts";

export interface SpooledEvent {
  readonly seq: number;
  readonly item: EventItem;
}

export interface EventSpoolOptions {
  /** Bound on spooled events; beyond it the oldest are dropped. @default 1_000_000 */
  readonly maxEvents?: number;
  /** Bound on the spooled events' size (location + log, UTF-16 code units); beyond it the oldest are dropped. @default 256 MiB */
  readonly maxBytes?: number;
}

const MIGRATIONS = [
  `CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, location TEXT NOT NULL, log TEXT NOT NULL, queue TEXT NOT NULL);
   CREATE TABLE spool_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  "ALTER TABLE events ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0",
];

const sizeOf = (item: EventItem) => item.location.length + item.log.length;

interface PendingAppend {
  readonly item: EventItem;
  readonly commit: (() => void) | undefined;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class EventSpool {
  /** Identity of this spool; a recreated spool has a new one (the manager restarts numbering). */
  readonly spoolId: string;
  readonly #db: DatabaseSync;
  readonly #ownsDb: boolean;
  readonly #sql: ReturnType<typeof statementCache>;
  readonly #max: number;
  readonly #maxBytes: number;
  #count: number;
  #bytes: number;
  #dropped: number;
  #pending: PendingAppend[] = [];
  #scheduled = false;
  readonly #listeners = new Set<() => void>();

  /**
   * Opens the spool in the database at `path`, or in an open `database` connection shared
   * with the stores whose writes go into `append`'s commit hooks (the caller closes it).
   */
  constructor(database: string | DatabaseSync, options: EventSpoolOptions = {}) {
    this.#ownsDb = typeof database === "string";
    this.#db = typeof database === "string" ? openDatabase(database) : database;
    migrate(this.#db, "spool", MIGRATIONS);
    this.#sql = statementCache(this.#db);
    this.#max = Math.max(1, options.maxEvents ?? 1_000_000);
    this.#maxBytes = Math.max(1, options.maxBytes ?? 256 * 1024 * 1024);
    this.spoolId = this.#meta("spool_id") ?? this.#setMeta("spool_id", randomUUID());
    this.#dropped = Number(this.#meta("dropped") ?? "0");
    const totals = this.#db.prepare("SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM events").get() as { n: number; b: number };
    this.#count = totals.n;
    this.#bytes = totals.b;
  }

  /**
   * Spools one event; resolves once it is committed (durable across a process crash).
   * `commit`, when given, runs synchronously inside the same transaction, after the insert;
   * it must only write through this spool's connection. If it throws, the whole group is
   * rolled back and every append in it rejects.
   */
  append(item: EventItem, commit?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, commit, resolve, reject });
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
    if (batch.length === 0) return;
    const insert = this.#sql("INSERT INTO events (location, log, queue, bytes) VALUES (?, ?, ?, ?)");
    let dropped = { events: 0, bytes: 0 };
    const added = batch.reduce((n, p) => n + sizeOf(p.item), 0);
    try {
      transaction(this.#db, () => {
        for (const p of batch) {
          insert.run(p.item.location, p.item.log, p.item.queue, sizeOf(p.item));
          p.commit?.();
        }
        dropped = this.#dropOldest(this.#count + batch.length, this.#bytes + added);
        if (dropped.events > 0) this.#setMeta("dropped", String(this.#dropped + dropped.events));
      });
    } catch (error: unknown) {
      for (const p of batch) p.reject(error);
      return;
    }
    this.#dropped += dropped.events;
    this.#count += batch.length - dropped.events;
    this.#bytes += added - dropped.bytes;
    for (const p of batch) p.resolve();
    for (const l of this.#listeners) l();
  }

  /** Deletes the oldest events until both bounds hold; returns what went (inside the transaction). */
  #dropOldest(count: number, bytes: number): { events: number; bytes: number } {
    const out = { events: 0, bytes: 0 };
    const oldest = this.#sql("SELECT seq, bytes FROM events ORDER BY seq LIMIT 1000 OFFSET ?");
    let lastSeq = 0;
    while (count - out.events > this.#max || bytes - out.bytes > this.#maxBytes) {
      const rows = oldest.all(out.events) as { seq: number; bytes: number }[];
      if (rows.length === 0) break;
      for (const r of rows) {
        if (count - out.events <= this.#max && bytes - out.bytes <= this.#maxBytes) break;
        out.events++;
        out.bytes += r.bytes;
        lastSeq = r.seq;
      }
    }
    if (out.events > 0) this.#sql("DELETE FROM events WHERE seq <= ?").run(lastSeq);
    return out;
  }

  /** Up to `limit` spooled events with seq > `afterSeq`, oldest first, consecutive. */
  pending(afterSeq: number, limit: number): SpooledEvent[] {
    const rows = this.#sql("SELECT seq, location, log, queue FROM events WHERE seq > ? ORDER BY seq LIMIT ?").all(afterSeq, limit) as {
      seq: number; location: string; log: string; queue: EventItem["queue"];
    }[];
    const out: SpooledEvent[] = [];
    for (const r of rows) {
      if (out.length > 0 && r.seq !== (out.at(-1)?.seq ?? 0) + 1) break;
      out.push({ seq: r.seq, item: { location: r.location, log: r.log, queue: r.queue } });
    }
    return out;
  }

  /** The manager holds every event with seq ≤ `seq`: forget them. */
  ack(seq: number): void {
    const gone = this.#sql("SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM events WHERE seq <= ?").get(seq) as { n: number; b: number };
    if (gone.n === 0) return;
    this.#sql("DELETE FROM events WHERE seq <= ?").run(seq);
    this.#count = Math.max(0, this.#count - gone.n);
    this.#bytes = Math.max(0, this.#bytes - gone.b);
  }

  /** Called after each commit of new events. Returns the unsubscribe function. */
  onAppended(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get size(): number {
    return this.#count;
  }

  /** Size of the spooled events (location + log, UTF-16 code units). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Events dropped because the spool was full, since it was created. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Commits what is pending; closes the database when the spool opened it. */
  close(): void {
    this.#flush();
    if (this.#ownsDb) this.#db.close();
  }

  #meta(key: string): string | undefined {
    return (this.#sql("SELECT value FROM spool_meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
  }

  #setMeta(key: string, value: string): string {
    this.#sql("INSERT INTO spool_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
    return value;
  }
}
