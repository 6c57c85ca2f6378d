// Builds native/posix_spawn.c into native/build/riposte_spawn.node (run by `npm install` and
// `npm ci`). Optional: without a C compiler, or off Linux, it says so and exits 0, and
// response executables are started with node:child_process instead (slower, same behaviour).
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const here = import.meta.dirname;
const out = join(here, "build", "riposte_spawn.node");

function main(): number {
  if (process.platform !== "linux") return skip(`posix_spawn addon is Linux-only (${process.platform})`);
  const headers = dirname(createRequire(import.meta.url).resolve("node-api-headers/package.json"));
  mkdirSync(dirname(out), { recursive: true });
  const cc = process.env.CC ?? "cc";
  const args = ["-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-fPIC", "-shared", "-pthread",
    "-I", join(headers, "include"), "-o", out, join(here, "posix_spawn.c")];
  const run = spawnSync(cc, args, { stdio: "inherit" });
  if (run.error) return skip(`${cc}: ${run.error.message}`);
  if (run.status !== 0) return skip(`${cc} exited with status ${run.status}`);
  process.stdout.write(`riposte: built ${out}\n`);
  return 0;
}

function skip(why: string): number {
  process.stderr.write(`riposte: native spawner not built (${why}); response executables will start through node:child_process\n`);
  return 0;
}

process.exitCode = main();
