// A real execd process for crash tests: `execd_child.ts HOME add N` runs N firewall-drop
// adds (timeout from ar.conf) and prints READY; `execd_child.ts HOME start` only reconciles
// and prints STARTED. Either way it then stays alive until killed.
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { silentLogger, systemClock } from "../../src/core/mod.ts";
import { openDatabase } from "../../src/store/mod.ts";
import { buildMessage, parseArConf, serializeMessage } from "../../src/response/mod.ts";
import { createExecd } from "../../src/agent/execd/mod.ts";

const [home = "", mode = "start", count = "0"] = process.argv.slice(2);
const db = openDatabase(join(home, "queue", "execd.db"));
const allowlist = parseArConf(readFileSync(join(home, "etc", "shared", "ar.conf"), "utf8")).allowlist;
const execd = createExecd({ home, clock: systemClock, logger: silentLogger, db, allowlist, maxConcurrent: 16 });
await execd.start();
if (mode === "add") {
  const n = Number(count);
  const results = await Promise.all(Array.from({ length: n }, (_, i) => execd.execute(serializeMessage(buildMessage({
    originName: "node01", module: "wazuh-analysisd", name: "firewall-drop10", extraArgs: [],
    alert: { id: `1767225600.${i}`, rule: { id: "5763", level: 10 }, agent: { id: "001" }, data: { srcip: `10.1.${Math.floor(i / 200)}.${(i % 200) + 1}` } },
  })))));
  process.stdout.write(`READY ${results.filter((r) => r.outcome === "done").length}\n`);
} else {
  process.stdout.write("STARTED\n");
}
setInterval(() => undefined, 60_000);
