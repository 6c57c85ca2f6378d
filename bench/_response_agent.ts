// The agent side of `npm run bench -- response`: the execd in a process of its own, as in
// `riposte agent`, fed over IPC by the manager side (the responder in bench/response.ts)
// the way the agent's channel feeds it. Argv: HOME DBDIR. IPC in: {execute: message} |
// {settled: n, times?: true}; out: {settled: n, active, startedAt?: [id, ms][]} once
// nothing runs.
import { timedExecd } from "./_response_setup.ts";

const [home = "", dbDir = ""] = process.argv.slice(2);
const { execd, startedAt } = timedExecd(home, dbDir);
await execd.start();
process.on("message", (m: { execute?: string; settled?: number; times?: boolean }) => {
  if (m.execute !== undefined) void execd.execute(m.execute);
  else if (m.settled !== undefined) {
    const n = m.settled;
    void execd.settled().then(() => process.send?.({ settled: n, active: execd.active().length, ...(m.times ? { startedAt: [...startedAt] } : {}) }));
  }
});
process.send?.({ ready: true });
process.on("disconnect", () => process.exit(0));
