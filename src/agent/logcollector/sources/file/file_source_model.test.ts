// Model test of the file source (aesthetics §5.6, after Vector's file_watcher tests): seeded
// random sequences of writes (with partial lines), rotation by rename, copytruncate,
// deletion and restart-from-checkpoint, compared with a model that knows every line written:
// each line must be delivered exactly once, in order.
// Documented limits the generator respects (docs/logcollector.md): at most one rotation
// between two moments where the source has caught up (or while it is down); a file is
// deleted only while the source runs and has caught up; a copytruncate needs the source to
// have seen some content of the file first (an empty file has no fingerprint to compare).
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, copyFileSync, existsSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { eventually, makeHarness, type Harness } from "../../../../../test/harness/log_source_conformance.ts";
import { FileSource } from "./file_source.ts";
import { createLogger } from "../../../../core/mod.ts";
import { seededRandom as prng } from "../../../../../test/harness/seeded_random.ts";

class Model {
  readonly written: string[] = [];
  #partial = "";
  #n = 0;
  #source: FileSource | undefined;
  #stop: (() => Promise<void>) | undefined;
  rotatedSinceSettle = false;
  /** Lines written to the current file, and whether the source was seen caught up on some. */
  #genLines = 0;
  #genSeen = false;
  #rotations = 0;
  readonly path: string;
  readonly h: Harness;
  readonly rand: () => number;
  readonly #log: string[] = [];
  get log(): string[] {
    return this.#log;
  }
  set log(_v: string[]) {}

  constructor(h: Harness, seed: number) {
    this.h = h;
    this.path = join(h.dir, "app.log");
    this.rand = prng(seed);
    writeFileSync(this.path, "");
  }

  note(what: string): void {
    this.#log.push(`${what} @${this.h.events.length}`);
  }

  get running(): boolean {
    return this.#source !== undefined;
  }

  /** Starts the source and waits until it has opened the file (the agent is "up"). */
  async start(): Promise<void> {
    const logger = createLogger({ level: "debug", write: (l) => this.#log.push(`LOG ${l.trim().slice(25).replace(this.h.dir, "")} @${this.h.events.length}`) });
    const source = new FileSource({ logFormat: "syslog", location: this.path, onlyFutureEvents: false }, { ...this.h.ctx(), logger }, { pollMs: 20, lingerMs: 100 });
    const ac = new AbortController();
    const done = source.run(ac.signal);
    this.#source = source;
    this.#stop = async () => {
      ac.abort();
      await done;
    };
    if (existsSync(this.path)) await eventually(() => source.stats().files > 0, "the source to open the file");
  }

  async stop(): Promise<void> {
    await this.#stop?.();
    this.#source = undefined;
  }

  write(): void {
    const k = 1 + Math.floor(this.rand() * 15);
    let text = this.#partial;
    for (let i = 0; i < k; i++) {
      const line = `seed line ${String(this.#n++).padStart(6, "0")} ${"x".repeat(Math.floor(this.rand() * 60))}`;
      this.written.push(line);
      this.#genLines++;
      text += `${line}\n`;
    }
    // Sometimes leave the last line without its newline: the source must wait for it.
    const cut = this.rand() < 0.25 ? text.length - 1 - Math.floor(this.rand() * 10) : text.length;
    appendFileSync(this.path, text.slice(0, cut));
    this.#partial = text.slice(cut);
    this.note(`write ${this.#n - k}-${this.#n - 1}${cut < text.length ? " (partial)" : ""}`);
  }

  completePartial(): void {
    if (this.#partial !== "") appendFileSync(this.path, this.#partial);
    this.#partial = "";
  }

  async settle(): Promise<void> {
    this.completePartial();
    this.note("settle");
    // Two complete passes after now: the source has looked at everything done so far.
    const source = this.#source;
    const passes = (source?.syncCount ?? 0) + 2;
    if (source) await eventually(() => source.syncCount >= passes, "two sync passes");
    try {
      await eventually(() => this.h.events.length >= this.written.length, "settle");
    } catch {
      const got = this.h.events.map((e) => e.log);
      const missing = this.written.filter((l) => !got.includes(l)).map((l) => l.slice(10, 16));
      const dups = got.map((l, i) => (got.indexOf(l) !== i ? `${l.slice(10, 16)}@${got.indexOf(l)}+${i}` : "")).filter(Boolean);
      const foreign = got.filter((l) => !this.written.includes(l));
      assert.fail(`settle: ${got.length}/${this.written.length}; missing ${missing.join(",")}; dups ${dups.join(",")}; foreign ${JSON.stringify(foreign)}; ops ${this.log.join(" | ")}`);
    }
    this.rotatedSinceSettle = false;
    if (this.#genLines > 0) this.#genSeen = true;
  }

  /** A rotation-like op, respecting the documented limits; returns false when skipped. */
  async rotate(kind: "rename" | "copytruncate" | "delete"): Promise<boolean> {
    if (kind === "delete" && !this.running) return false;
    // A copytruncate is only detectable once the source has seen some content of the file.
    const unseen = kind === "copytruncate" && !this.#genSeen;
    if (this.rotatedSinceSettle || kind === "delete" || unseen) {
      if (!this.running) return false;
      await this.settle();
    }
    this.completePartial();
    const to = `${this.path}.${++this.#rotations}`;
    if (kind === "rename") {
      if (existsSync(this.path)) renameSync(this.path, to);
      writeFileSync(this.path, "");
    } else if (kind === "copytruncate") {
      if (existsSync(this.path)) copyFileSync(this.path, to);
      writeFileSync(this.path, "", { flag: "a" });
      truncateSync(this.path, 0);
    } else {
      rmSync(this.path, { force: true });
    }
    this.rotatedSinceSettle = true;
    this.#genLines = 0;
    this.#genSeen = false;
    this.note(kind);
    return true;
  }
}

async function runSeed(seed: number, ops: number): Promise<void> {
  const h = makeHarness();
  const m = new Model(h, seed);
  await m.start();
  let downFor = -1;
  try {
    for (let i = 0; i < ops; i++) {
      const r = m.rand();
      if (r < 0.45) m.write();
      else if (r < 0.55) await m.rotate("rename");
      else if (r < 0.65) await m.rotate("copytruncate");
      else if (r < 0.7) await m.rotate("delete");
      else if (r < 0.8 && m.running) {
        await m.stop();
        m.note("stop");
        downFor = Math.floor(m.rand() * 4);
      } else {
        await sleep(Math.floor(m.rand() * 25));
      }
      if (!m.running && downFor-- <= 0) {
        await m.start();
        m.note("start");
      }
    }
    if (!m.running) await m.start();
    await m.settle();
    await sleep(60);
    const got = h.events.map((e) => e.log);
    const dups = got.map((l, i) => (got.indexOf(l) !== i ? `${l.slice(10, 16)}@${got.indexOf(l)}+${i}` : "")).filter(Boolean);
    assert.equal(got.length, m.written.length, `seed ${seed}: ${got.length} delivered for ${m.written.length} written; dups ${dups.join(",")}; ops ${m.log.join(" | ")}`);
    assert.deepEqual(got, m.written, `seed ${seed}`);
  } finally {
    await m.stop();
    h.cleanup();
  }
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, ...(process.env["MODEL_SEEDS"] ?? "").split(",").filter(Boolean).map(Number)]) {
  test(`FileSource model: seed ${seed}, 80 random operations, every line exactly once and in order`, async () => {
    await runSeed(seed, 80);
  });
}
