import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../../../core/mod.ts";
import { eventually, makeHarness, runLogSourceConformance } from "../../../../../test/harness/log_source_conformance.ts";
import { CommandSource } from "./command_source.ts";
import { splitCommand } from "./command_argv.ts";

const clock = new ManualClock();
const FREQUENCY_SEC = 60;

/** Lets the source finish its current run and wait for the next, then starts the next run. */
async function nextRun(): Promise<void> {
  await eventually(() => clock.pendingCount > 0, "the command source to wait for its next run");
  clock.advance(FREQUENCY_SEC * 1000);
}

runLogSourceConformance({
  name: "command",
  resumes: false,
  clock,
  setup: async (dir) => writeFileSync(join(dir, "out.txt"), ""),
  create: (ctx, dir) =>
    new CommandSource({ logFormat: "command", command: `cat '${join(dir, "out.txt")}'`, alias: "conformance", frequencySeconds: FREQUENCY_SEC }, ctx),
  produce: async (dir, messages) => {
    writeFileSync(join(dir, "out.txt"), messages.map((m) => `${m}\n`).join(""));
    await nextRun();
  },
  produceBad: async (dir) => {
    rmSync(join(dir, "out.txt"));
    await nextRun();
    await eventually(() => clock.pendingCount > 0, "the failing run to finish");
  },
  ready: async () => {
    await eventually(() => clock.pendingCount > 0, "the first (empty) run");
  },
  expectedLog: (m) => `ossec: output: 'conformance': ${m}`,
});

async function collectOnce(spec: ConstructorParameters<typeof CommandSource>[0]) {
  const h = makeHarness(new ManualClock());
  const source = new CommandSource(spec, h.ctx());
  const ac = new AbortController();
  const done = source.run(ac.signal);
  done.catch(() => {});
  try {
    await eventually(() => h.events.length > 0 || source.stats().badLines > 0, "one run");
    await new Promise((r) => setTimeout(r, 20));
    return { events: [...h.events], stats: source.stats() };
  } finally {
    ac.abort();
    await done.catch(() => {});
    h.cleanup();
  }
}

test("command: one event per non-empty line, Wazuh's prefix, location = command", async () => {
  const { events } = await collectOnce({ logFormat: "command", command: "printf 'a b\\n\\nsecond\\r\\n'" });
  assert.deepEqual(events, [
    { location: "printf 'a b\\n\\nsecond\\r\\n'", log: "ossec: output: 'printf 'a b\\n\\nsecond\\r\\n'': a b", queue: "1" },
    { location: "printf 'a b\\n\\nsecond\\r\\n'", log: "ossec: output: 'printf 'a b\\n\\nsecond\\r\\n'': second", queue: "1" },
  ]);
});

test("full_command: the whole output in one event, alias in prefix and location", async () => {
  const { events } = await collectOnce({ logFormat: "full_command", command: "printf 'tcp 22\\n\\ntcp 80\\r\\n'", alias: "netstat listening ports" });
  assert.deepEqual(events, [{ location: "netstat listening ports", log: "ossec: output: 'netstat listening ports':\ntcp 22\ntcp 80", queue: "1" }]);
});

test("command: an explicit sh -c runs a pipeline (the opt-in shell)", async () => {
  const { events } = await collectOnce({ logFormat: "command", command: "sh -c 'printf \"3\\n1\\n2\\n\" | sort'", alias: "sorted" });
  assert.deepEqual(
    events.map((e) => e.log),
    ["1", "2", "3"].map((n) => `ossec: output: 'sorted': ${n}`),
  );
});

test("command: shell syntax without an explicit shell is refused with LC_COMMAND_NEEDS_SHELL", async () => {
  const h = makeHarness();
  try {
    const source = new CommandSource({ logFormat: "command", command: "netstat -tan | sort" }, h.ctx());
    await assert.rejects(source.run(new AbortController().signal), (e: unknown) => (e as { code?: string }).code === "LC_COMMAND_NEEDS_SHELL");
  } finally {
    h.cleanup();
  }
});

test("splitCommand() splits like a POSIX shell and refuses what only a shell could mean", () => {
  assert.deepEqual(splitCommand("df -P"), { argv: ["df", "-P"] });
  assert.deepEqual(splitCommand(`last -n 20`), { argv: ["last", "-n", "20"] });
  assert.deepEqual(splitCommand(`a 'b c' "d \\"e\\" \\$x" f\\ g ''`), { argv: ["a", "b c", 'd "e" $x', "f g", ""] });
  assert.deepEqual(splitCommand("sh -c 'netstat -tulpn | sort -u'"), { argv: ["sh", "-c", "netstat -tulpn | sort -u"] });
  for (const bad of ["a | b", "a; b", "a && b", "a > f", "echo $HOME", "echo `id`", 'echo "$(id)"', "ls *.log", "~/x", "a 'b", 'a "b', "a\\", "   "]) {
    assert.ok("error" in splitCommand(bad), bad);
  }
});
