// `npm run bench -- collect [--lines=N]`: the agent's collection path on its own: a file
// source reading a deterministic sshd auth.log (bench/_authlog.ts, default 500,000 lines)
// from its start into the real spool, with the file positions in the spool's database,
// committed in the same transaction as the events (as `riposte agent` runs it). Reports lines
// per second of wall time and per CPU-second, and the spool's transactions: a 64 KiB chunk of
// lines is one transaction, so a backlog after downtime is read at disk speed, not one
// commit per line. Then the same with one line handed at a time (the source waiting for each
// event before the next), the way it collected before chunks were handed at once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { silentLogger, systemClock } from "../src/core/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { EventSpool } from "../src/agent/spool/mod.ts";
import { createLogCollector, openCheckpointStore, type EventSink } from "../src/agent/logcollector/mod.ts";
import { writeAuthLog } from "./_authlog.ts";

const { values } = parseArgs({ options: { lines: { type: "string" } } });
const LINES = Number(values.lines ?? 500_000);

async function collect(file: string, dir: string, oneAtATime: boolean): Promise<string> {
  const db = openDatabase(join(dir, `spool-${oneAtATime ? "serial" : "chunked"}.db`));
  const spool = new EventSpool(db, { maxEvents: LINES * 2 });
  const checkpoints = openCheckpointStore(db);
  let transactions = 0;
  spool.onAppended(() => void transactions++);
  let events = 0;
  // One at a time: each append waits for the previous one's commit (a sink that serialises).
  let previous: Promise<void> = Promise.resolve();
  const sink: EventSink = oneAtATime
    ? (e, commit) => (previous = previous.then(() => spool.append(e, commit)).then(() => void events++))
    : (e, commit) => spool.append(e, commit).then(() => void events++);
  const collector = createLogCollector([{ logFormat: "syslog", location: file, onlyFutureEvents: false }], { clock: systemClock, logger: silentLogger, sink, checkpoints });
  const ac = new AbortController();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const done = collector.start(ac.signal);
  while (events < LINES) await new Promise((r) => setTimeout(r, 10));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  ac.abort();
  await done;
  spool.close();
  checkpoints.close();
  db.close();
  const rate = (n: number) => Math.round(n).toLocaleString("en");
  return `${oneAtATime ? "one line at a time" : "chunks handed at once"}: ${rate(LINES)} lines in ${wall.toFixed(2)} s = ${rate(LINES / wall)} lines/s; `
    + `${cpuS.toFixed(2)} CPU-s = ${rate(LINES / cpuS)} lines/CPU-s; ${rate(transactions)} spool transactions (${(LINES / transactions).toFixed(1)} lines each)`;
}

const dir = mkdtempSync(join(tmpdir(), "riposte-bench-collect-"));
try {
  const file = join(dir, "auth.log");
  writeAuthLog(file, LINES);
  process.stdout.write(`${await collect(file, dir, false)}\n`);
  process.stdout.write(`${await collect(file, dir, true)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
