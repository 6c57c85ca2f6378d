// A stand-in for `journalctl --output=json --follow` in tests where no journald runs: it
// serves the lines of a JSON-lines file (real `journalctl -o json` output, plus whatever a
// test appends) and follows the file for appended lines. It honours --after-cursor=C (fails
// like journalctl when the cursor is unknown), --lines=0 and --lines=all, and records its
// argv in <file>.argv so tests can check how the source called it.
// Usage: node fake_journalctl.ts --journal-file=PATH [journalctl options…]
import { appendFileSync, readFileSync } from "node:fs";

const args = process.argv.slice(2);
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const file = opt("journal-file");
if (!file) {
  process.stderr.write("fake journalctl: --journal-file is required\n");
  process.exit(2);
}

const read = () => readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
const cursorOf = (l: string): string | undefined => {
  try {
    return (JSON.parse(l) as { __CURSOR?: string }).__CURSOR;
  } catch {
    return undefined;
  }
};

let next: number;
const after = opt("after-cursor");
const lines = read();
if (after !== undefined) {
  const i = lines.findIndex((l) => cursorOf(l) === after);
  if (i < 0) {
    process.stderr.write("Failed to seek to cursor: Invalid argument\n");
    process.exit(1);
  }
  next = i + 1;
} else if (opt("since")?.startsWith("@")) {
  const since = BigInt(opt("since")?.slice(1) ?? "0") * 1_000_000n;
  const at = lines.findIndex((l) => {
    try {
      return BigInt((JSON.parse(l) as { __REALTIME_TIMESTAMP?: string }).__REALTIME_TIMESTAMP ?? "0") >= since;
    } catch {
      return false;
    }
  });
  next = at < 0 ? lines.length : at;
} else {
  const n = opt("lines");
  next = n === undefined || n === "all" ? 0 : Math.max(0, lines.length - Number(n));
}

// Recorded once the start position is fixed: a test may append from now on.
appendFileSync(`${file}.argv`, `${JSON.stringify(args)}\n`);

const pump = () => {
  const now = read();
  while (next < now.length) process.stdout.write(`${now[next++]}\n`);
};
pump();
if (args.includes("--follow")) setInterval(pump, 10);
process.on("SIGTERM", () => process.exit(0));
