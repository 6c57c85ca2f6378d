// `riposte control` -L / -b / --active / --lift against a real control socket served by the
// manager's ControlServer with the dispatch commands registered (no daemon: the responder's
// deliveries are recorded instead of sent).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ManualClock, silentLogger } from "../src/core/mod.ts";
import { openDatabase } from "../src/store/mod.ts";
import { generateArConf, parseArConf, resolveResponses } from "../src/response/mod.ts";
import { ControlServer } from "../src/manager/control/mod.ts";
import { createResponder, registerArCommands, type AgentInfo, type QueuedCommand } from "../src/manager/dispatch/mod.ts";
import { controlCommand } from "../src/cli/control.ts";
import { createArHome } from "./harness/ar_home.ts";

const AGENTS: AgentInfo[] = [
  { id: "001", name: "web01", status: "active", addresses: ["198.51.100.11"], groups: [] },
  { id: "002", name: "web02", status: "active", addresses: ["198.51.100.12"], groups: [] },
];

test("riposte control -L, -b, --active and --lift through the control socket", async () => {
  const h = createArHome();
  const clock = new ManualClock();
  const db = openDatabase(":memory:");
  const server = new ControlServer(silentLogger);
  const socket = join(h.home, "var", "run", "control.sock");
  try {
    const { definitions } = resolveResponses([
      { kind: "command", spec: { name: "firewall-drop", executable: "firewall-drop", timeoutAllowed: true } },
      { kind: "response", spec: { command: "firewall-drop", location: "local", rulesId: ["5763"], timeout: 600 } },
    ]);
    const sent: QueuedCommand[] = [];
    const responder = createResponder({
      config: { definitions }, clock, store: db, agents: { get: (id) => AGENTS.find((a) => a.id === id), list: () => AGENTS },
      deliver: (_id, c) => {
        sent.push(c);
        return Promise.resolve(true);
      },
    });
    registerArCommands(server, { responder, allowlist: () => parseArConf(generateArConf(definitions)).allowlist, clock });
    await server.listen(socket);
    const run = async (...argv: string[]) => {
      let out = "";
      let err = "";
      const code = await controlCommand.run(["--home", h.home, ...argv], {
        stdout: (t) => void (out += t), stderr: (t) => void (err += t), stdin: process.stdin, env: {}, cwd: h.home, signal: new AbortController().signal,
      });
      return { code, out, err };
    };

    assert.deepEqual(await run("-L"), { code: 0, out: "Response name: firewall-drop600, command: firewall-drop\n", err: "" });
    const blocked = await run("-b", "203.0.113.9", "-f", "firewall-drop600", "-u", "1,002", "-j");
    assert.equal(blocked.code, 0);
    assert.deepEqual(JSON.parse(blocked.out).data.map((d: { agent: string; decision: string }) => `${d.agent}:${d.decision}`), ["001:queued", "002:queued"]);
    await responder.idle();
    assert.equal(JSON.parse(sent[0]?.message ?? "").parameters.alert.data.srcip, "203.0.113.9");

    responder.onResult("001", { command: "add", name: "firewall-drop600", key: "firewall-drop-203.0.113.9", outcome: "done", exitCode: 0, durationMs: 2, origin: "manual", at: clock.now(), timeoutSec: 600, expiresAt: clock.now() + 600_000, target: "203.0.113.9" });
    clock.advance(90_000);
    const active = await run("--active");
    assert.equal(active.code, 0);
    assert.match(active.out, /^AGENT\s+KEY\s+NAME\s+TARGET\s+ORIGIN\s+RULE\s+ALERT\s+TIME LEFT\n001\s+firewall-drop-203\.0\.113\.9\s+firewall-drop600\s+203\.0\.113\.9\s+manual\s+-\s+-\s+8m30s\n$/);
    const lifted = await run("--lift", "firewall-drop-203.0.113.9");
    assert.match(lifted.out, /001\s+queued/);
    await responder.idle();
    assert.equal(JSON.parse(sent.at(-1)?.message ?? "").command, "!:lift");

    const refused = await run("-b", "1.2.3.4; reboot", "-f", "firewall-drop600", "-a");
    assert.match(refused.out, /refused\s+AR_INVALID_IP/);
    const unknown = await run("--lift", "nope");
    assert.deepEqual([unknown.code, unknown.err], [1, "riposte control: error DISPATCH_NOT_ACTIVE: No active response \"nope\"\n"]);
    await assert.rejects(run("-b", "1.2.3.4"), /-b IP and -f NAME go together/);
    await assert.rejects(run("-b", "1.2.3.4", "-f", "firewall-drop600"), /needs -u/);
  } finally {
    await server.close(socket);
    db.close();
    h.cleanup();
  }
});
