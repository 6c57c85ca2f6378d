/**
 * The lines of one historical log for replay: plain text, gzip (detected by its magic bytes,
 * whatever the name) or a journald JSON export (`journalctl -o json`, detected by a first
 * line that is a journal entry), turned into the syslog lines the agent's journald source
 * sends (core journal_line.ts). Lines are yielded without their newline; empty ones skipped.
 * Lines are split by hand (no readline), in batches, for speed (replay reads 100k+ lines/s).
 * Must not: throw on content (a bad journal line is counted in `stats.bad`); an unreadable
 * file rejects with a ReplayError (REPLAY_UNREADABLE).
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { journalLine } from "../core/mod.ts";
import { ReplayError } from "./replay_error.ts";

export type LogFormat = "plain" | "gzip" | "journald";

export interface LogStats {
  format: LogFormat;
  lines: number;
  /** Journal lines that are not entries (REPLAY_BAD_JOURNAL_LINE). */
  bad: number;
  /** Journal entries with nothing to send (no MESSAGE or _HOSTNAME). */
  skipped: number;
}

async function isGzip(path: string): Promise<boolean> {
  try {
    const fh = await open(path, "r");
    try {
      const buf = Buffer.alloc(2);
      const { bytesRead } = await fh.read(buf, 0, 2, 0);
      return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
    } finally {
      await fh.close();
    }
  } catch (error: unknown) {
    throw new ReplayError("REPLAY_UNREADABLE", `Cannot read ${path}`, { cause: error });
  }
}

function isJournalEntry(line: string): boolean {
  if (!line.startsWith("{")) return false;
  try {
    const e = JSON.parse(line) as unknown;
    return typeof e === "object" && e !== null && ("__REALTIME_TIMESTAMP" in e || "__CURSOR" in e) && "MESSAGE" in e;
  } catch {
    return false;
  }
}

/** Splits a text stream into lines (without "\n" or a trailing "\r"), in batches. */
async function* batches(input: AsyncIterable<Buffer | string>): AsyncGenerator<string[]> {
  let rest = "";
  for await (const chunk of input) {
    const text = rest + (typeof chunk === "string" ? chunk : chunk.toString("utf8"));
    const parts = text.split("\n");
    rest = parts.pop() ?? "";
    yield parts;
  }
  if (rest !== "") yield [rest];
}

/**
 * Yields the lines of `path` in batches (a batch per read chunk: far fewer promises than a
 * line each); `stats` is filled as it goes.
 */
export async function* readLogLines(path: string, stats: LogStats): AsyncGenerator<readonly string[]> {
  const gzip = await isGzip(path);
  stats.format = gzip ? "gzip" : "plain";
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const input: Readable = gzip ? file.pipe(createGunzip()) : file;
  if (gzip) file.on("error", (error) => input.destroy(error));
  input.setEncoding("utf8");
  let journal: boolean | undefined;
  try {
    for await (const batch of batches(input)) {
      const out: string[] = [];
      for (let raw of batch) {
        if (raw.endsWith("\r")) raw = raw.slice(0, -1);
        if (raw === "") continue;
        if (journal === undefined) {
          journal = isJournalEntry(raw);
          if (journal) stats.format = "journald";
        }
        stats.lines++;
        if (!journal) {
          out.push(raw);
          continue;
        }
        const j = journalLine(raw);
        if (j.line !== undefined) out.push(j.line);
        else if (j.cursor === undefined && j.realtimeUsec === undefined) stats.bad++;
        else stats.skipped++;
      }
      yield out;
    }
  } catch (error: unknown) {
    throw new ReplayError("REPLAY_UNREADABLE", `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
