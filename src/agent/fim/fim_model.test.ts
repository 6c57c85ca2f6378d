// Model test of FIM's scheduled scans: seeded random sequences of creating, rewriting,
// appending, chmod-ing, renaming and deleting files in a small tree, with a scan after a few
// operations, compared with a model that diffs the tree's content between scans: every scan
// reports exactly the files added, modified and deleted since the previous one, and nothing
// at the first (baseline) scan.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger, systemClock } from "../../core/mod.ts";
import { eventually } from "../../../test/harness/log_source_conformance.ts";
import { createFim } from "./fim.ts";
import type { FimEvent } from "./fim_event.ts";
import { seededRandom as prng } from "../../../test/harness/seeded_random.ts";

const ALL = { md5: true, sha1: true, sha256: true, size: true, owner: true, group: true, perm: true, mtime: false, inode: false };

/** path → content + mode, as the model knows the tree. */
type Tree = Map<string, string>;

function diff(before: Tree, after: Tree): string[] {
  const out: string[] = [];
  for (const [p, v] of after) {
    if (!before.has(p)) out.push(`added ${p}`);
    else if (before.get(p) !== v) out.push(`modified ${p}`);
  }
  for (const p of before.keys()) if (!after.has(p)) out.push(`deleted ${p}`);
  return out.sort();
}

for (const seed of [1, 2, 3, 4]) {
  test(`FIM model: seed ${seed}, random file operations, each scan reports exactly the differences`, async () => {
    const rand = prng(seed);
    const home = mkdtempSync(join(tmpdir(), "riposte-fim-model-"));
    const root = join(home, "tree");
    mkdirSync(join(root, "a", "b"), { recursive: true });
    const dirs = ["", "a", "a/b"];
    const tree: Tree = new Map();
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const events: FimEvent[] = [];
    const fim = createFim(
      { frequencySeconds: 3600, scanOnStart: true, alertNewFiles: true, ignore: [], directories: [{ path: root, realtime: false, checks: ALL, recursionLevel: 256 }] },
      { clock: systemClock, logger: silentLogger, home, sink: async (_e, commit) => commit?.(), onEvent: (e) => events.push(e) },
    );
    const ac = new AbortController();
    const done = fim.start(ac.signal);
    try {
      await eventually(() => fim.stats().scans === 1, "baseline");
      let previous: Tree = new Map();
      for (let round = 0; round < 12; round++) {
        for (let i = 0; i < 1 + Math.floor(rand() * 6); i++) {
          const existing = [...tree.keys()];
          const r = rand();
          if (r < 0.35 || existing.length === 0) {
            const p = `${pick(dirs)}/f${Math.floor(rand() * 20)}`.replace(/^\//, "");
            const content = `v${Math.floor(rand() * 1e6)}`;
            writeFileSync(join(root, p), content);
            chmodSync(join(root, p), 0o644);
            tree.set(p, `${content}|644`);
          } else if (r < 0.5) {
            const p = pick(existing);
            appendFileSync(join(root, p), "+");
            tree.set(p, tree.get(p)!.replace("|", "+|"));
          } else if (r < 0.6) {
            const p = pick(existing);
            chmodSync(join(root, p), 0o600);
            tree.set(p, tree.get(p)!.replace(/\|\d+$/, "|600"));
          } else if (r < 0.8) {
            const p = pick(existing);
            const to = `${pick(dirs)}/r${Math.floor(rand() * 20)}`.replace(/^\//, "");
            if (to === p) continue;
            renameSync(join(root, p), join(root, to));
            tree.set(to, tree.get(p)!);
            tree.delete(p);
          } else {
            const p = pick(existing);
            rmSync(join(root, p));
            tree.delete(p);
          }
        }
        const before = events.length;
        await fim.scanNow();
        const got = events.slice(before).map((e) => `${e.type} ${e.path.slice(root.length + 1)}`).sort();
        assert.deepEqual(got, diff(previous, tree), `seed ${seed} round ${round}`);
        previous = new Map(tree);
      }
    } finally {
      ac.abort();
      await done;
      rmSync(home, { recursive: true, force: true });
    }
  });
}
