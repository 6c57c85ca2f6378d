// Shared by the block and scale benches: run this bench file again inside fresh network
// namespaces (so nothing touches the host's firewall), and always delete them.
import { spawnSync } from "node:child_process";
import { createNetPair } from "../test/harness/netns.ts";

/** True when running inside the namespace (the re-executed child). */
export const INSIDE = process.argv.includes("--inside");

/** Re-runs `file` inside the victim namespace of a fresh veth pair; exits with its status. */
export function runInsideNamespaces(file: string): never {
  if (process.getuid?.() !== 0) {
    process.stderr.write("this bench needs root (it creates network namespaces)\n");
    process.exit(1);
  }
  const pair = createNetPair();
  let status = 1;
  try {
    const r = spawnSync("ip", ["netns", "exec", pair.victim.name, process.execPath, file, "--inside", pair.attacker.name], { stdio: "inherit" });
    status = r.status ?? 1;
  } finally {
    pair.delete();
  }
  process.exit(status);
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
