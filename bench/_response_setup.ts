// Shared by `npm run bench -- response` and its agent process (_response_agent.ts): the
// trivial script, the response configuration, and the execd that runs it with every
// script start timed (absolute milliseconds, comparable across the two processes).
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { silentLogger, systemClock } from "../src/core/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { ExecutableAction, generateArConf, parseArConf, resolveResponses, type ResponseAction } from "../src/response/mod.ts";
import { createExecd, type Execd } from "../src/agent/execd/mod.ts";

/** The trivial script: reads the JSON line, answers check_keys with its pid, reads the answer. */
export const TRIVIAL_SCRIPT = `#!/bin/sh
read -r line
echo '{"version":1,"origin":{"name":"t","module":"active-response"},"command":"check_keys","parameters":{"keys":["'$$'"]}}'
read -r reply
`;

export const { definitions } = resolveResponses([
  { kind: "command", spec: { name: "trivial", executable: "trivial", timeoutAllowed: true } },
  { kind: "response", spec: { command: "trivial", location: "local", rulesId: ["5763"], timeout: 600 } },
]);

/** Milliseconds on a clock both bench processes share. */
export const absoluteNow = (): number => performance.timeOrigin + performance.now();

export function installTrivialScript(home: string): void {
  mkdirSync(join(home, "active-response", "bin"), { recursive: true });
  writeFileSync(join(home, "active-response", "bin", "trivial"), TRIVIAL_SCRIPT);
  chmodSync(join(home, "active-response", "bin", "trivial"), 0o755);
}

export interface TimedExecd {
  readonly execd: Execd;
  /** Alert id → when its action started (the script's process spawned). */
  readonly startedAt: Map<string, number>;
}

/** An execd as the agent builds it (durable timeouts, active-responses.log), every start timed. */
export function timedExecd(home: string, dbDir: string, make: (path: string) => ResponseAction = (path) => new ExecutableAction({ path, cwd: home, clock: systemClock })): TimedExecd {
  const startedAt = new Map<string, number>();
  const timed = (action: ResponseAction): ResponseAction => ({
    name: action.name,
    add: (m, ctx) => action.add(m, { ...ctx, onStart: () => startedAt.set(String((m.parameters.alert as { id?: string }).id), absoluteNow()) }),
    delete: (m, ctx) => action.delete(m, ctx),
  });
  mkdirSync(dbDir, { recursive: true });
  const execd = createExecd({
    home, clock: systemClock, logger: silentLogger, db: openDatabase(join(dbDir, "execd.db")), arLog: true,
    allowlist: parseArConf(generateArConf(definitions)).allowlist, maxConcurrent: Number(process.env.BENCH_CONCURRENCY ?? 32),
    actionFor: (c) => timed(make(c.path)),
  });
  return { execd, startedAt };
}
