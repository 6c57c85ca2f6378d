// The two process starters (node:child_process and the posix_spawn addon) against the same
// contract: what the child gets (stdin with the input, stdout, stderr /dev/null, cwd, env,
// no other fd, its own session), how its end is reported, and what happens when it cannot
// start. In CI (CI=true) the addon must have been built: a silent fallback would hide a
// regression of the response rate (bench/response.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { responseStarter } from "./native_spawner.ts";
import type { ResponseProcess } from "./response_process.ts";
import { processStarters } from "../../test/harness/process_starters.ts";


const ENV = { PATH: "/usr/bin:/bin", RIPOSTE_TEST: "yes" };

interface Ended { code: number | null; signal: NodeJS.Signals | null; out: string }

function run(p: ResponseProcess, onSpawn: (p: ResponseProcess) => void = (c) => c.stdin?.end()): Promise<Ended> {
  return new Promise((resolve, reject) => {
    let out = "";
    p.once("error", reject);
    p.once("spawn", () => {
      p.stdout?.setEncoding("utf8");
      p.stdout?.on("data", (d: string) => (out += d));
      onSpawn(p);
    });
    p.once("exit", (code, signal) => {
      if (!p.stdout || p.stdout.readableEnded) resolve({ code, signal, out });
      else p.stdout.once("close", () => resolve({ code, signal, out }));
    });
  });
}

function script(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

test("CI builds the posix_spawn addon and responses use it", () => {
  if (process.env.CI && process.platform === "linux") assert.equal(responseStarter().kind, "posix_spawn", "npm ci should have built native/build/riposte_spawn.node (needs gcc)");
  else assert.ok(["posix_spawn", "child_process"].includes(responseStarter().kind));
});

for (const [kind, start] of processStarters()) {
  test(`[${kind}] the child gets the input on stdin, cwd, env, stderr /dev/null, no other fd, its own session`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "riposte-start-"));
    try {
      const path = script(dir, "probe", 'read -r line; echo "in=$line"; echo "cwd=$(pwd)"; echo "env=$RIPOSTE_TEST:${HOME:-none}"; ls -l /proc/self/fd > fds.txt; readlink /proc/$$/fd/2; ps -o sid= -p $$ | tr -d " "; echo "pid=$$"');
      const p = start(path, [], { cwd: dir, env: ENV, input: "hello\n" });
      const r = await run(p);
      const lines = r.out.trim().split("\n");
      assert.equal(r.code, 0);
      assert.deepEqual(lines.slice(0, 3), ["in=hello", `cwd=${dir}`, "env=yes:none"]);
      // What a command run by the script inherits (the shell's own descriptors are
      // close-on-exec); `ls` adds only the directory it lists.
      const fds = readFileSync(join(dir, "fds.txt"), "utf8").split("\n").flatMap((l) => {
        const m = / (\d+) -> (.*)$/.exec(l);
        return m && !/^\/proc\/\d+\/fd$/.test(m[2] ?? "") ? [m[1] as string] : [];
      }).sort((a, b) => Number(a) - Number(b));
      // child_process (libuv) passes on any descriptor the daemon holds without close-on-exec;
      // posix_spawn closes everything above 2.
      if (kind === "posix_spawn") assert.deepEqual(fds, ["0", "1", "2"], "only 0, 1, 2 are open (besides the shell's own script)");
      else assert.deepEqual(fds.slice(0, 3), ["0", "1", "2"]);
      assert.equal(lines[3], "/dev/null");
      assert.equal(lines[4], String(p.pid), "session leader (detached)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`[${kind}] input larger than a pipe is delivered whole; stdin stays open until ended`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "riposte-start-"));
    try {
      const path = script(dir, "count", "wc -c");
      const input = `${"x".repeat(200_000)}\n`;
      const r = await run(start(path, [], { cwd: dir, env: ENV, input }), (c) => setTimeout(() => c.stdin?.end("tail\n"), 50));
      assert.equal(r.out.trim(), String(input.length + 5));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`[${kind}] exit status, signals, argv without a shell`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "riposte-start-"));
    try {
      const path = script(dir, "args", 'printf "%s|" "$@"; exit 3');
      const r = await run(start(path, ["a b", "$(reboot)", ";"], { cwd: dir, env: ENV, input: "" }));
      assert.deepEqual([r.code, r.signal, r.out], [3, null, "a b|$(reboot)|;|"]);
      const hang = start(script(dir, "hang", "exec sleep 30"), [], { cwd: dir, env: ENV, input: "" });
      const killed = await run(hang, (c) => c.kill("SIGKILL"));
      assert.deepEqual([killed.code, killed.signal], [null, "SIGKILL"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`[${kind}] a kill right after start takes the process, even before it has spawned`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "riposte-start-"));
    try {
      const p = start(script(dir, "hang", "exec sleep 30"), [], { cwd: dir, env: ENV, input: "" });
      const ended = run(p, () => undefined);
      p.kill("SIGKILL");
      assert.equal((await ended).signal, "SIGKILL");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`[${kind}] a child that exits at once without reading is reported once`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "riposte-start-"));
    try {
      const path = script(dir, "quick", "exit 0");
      const results = await Promise.all(Array.from({ length: 50 }, () => run(start(path, [], { cwd: dir, env: ENV, input: "x".repeat(1000) }), () => undefined)));
      assert.deepEqual(new Set(results.map((r) => r.code)), new Set([0]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`[${kind}] a missing, non-executable or unreachable executable is an "error" event with a system code`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "riposte-start-"));
    try {
      const plain = join(dir, "plain");
      writeFileSync(plain, "#!/bin/sh\n");
      const code = (p: ResponseProcess) => new Promise<string>((resolve) => {
        p.once("spawn", () => resolve("spawned"));
        p.once("error", (e: Error & { code?: string }) => resolve(e.code ?? "?"));
      });
      assert.equal(await code(start(join(dir, "absent"), [], { cwd: dir, env: ENV, input: "" })), "ENOENT");
      assert.equal(await code(start(plain, [], { cwd: dir, env: ENV, input: "" })), "EACCES");
      if (kind === "posix_spawn") assert.equal(await code(start("/bin/true", [], { cwd: join(dir, "gone"), env: ENV, input: "" })), "ENOENT");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
