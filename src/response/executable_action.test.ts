import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ManualClock } from "../core/mod.ts";
import { createArHome, EOF_READER_SCRIPT, HANGING_SCRIPT, RECORDING_SCRIPT, STATELESS_SCRIPT } from "../../test/harness/ar_home.ts";
import { runResponseActionConformance } from "../../test/harness/response_action_conformance.ts";
import { ExecutableAction } from "./executable_action.ts";
import { processStarters } from "../../test/harness/process_starters.ts";
import { buildMessage, toScriptInput, type ArMessage } from "./protocol.ts";

function message(ip: string): ArMessage {
  const m = buildMessage({ originName: "node01", module: "wazuh-analysisd", name: "firewall-drop60", extraArgs: [], alert: { id: "1700000000.42", rule: { id: "5763", level: 10 }, agent: { id: "001" }, data: { srcip: ip, dstuser: "bob" } } });
  return toScriptInput(m, "active-response/bin/firewall-drop");
}

/** Every test runs with both ways of starting a process: they must behave the same. */
for (const [kind, start] of processStarters()) {

  runResponseActionConformance(`ExecutableAction [${kind}]`, () => {
    const h = createArHome();
    return {
      action: new ExecutableAction({ start, path: h.script("firewall-drop", RECORDING_SCRIPT), cwd: h.home }),
      hanging: new ExecutableAction({ start, path: h.script("hang", HANGING_SCRIPT), cwd: h.home }),
      message,
      isActive: (ip) => h.isBlocked(ip),
      cleanup: h.cleanup,
    };
  });

  test(`[${kind}] ExecutableAction.add() writes one JSON line, keeps stdin open, answers with the full message`, async () => {
    const h = createArHome();
    try {
      const a = new ExecutableAction({ start, path: h.script("firewall-drop", RECORDING_SCRIPT), cwd: h.home });
      const r = await a.add(message("203.0.113.5"), { signal: new AbortController().signal, decide: (k) => {
        assert.deepEqual(k.kind === "keys" && k.keys, ["203.0.113.5"]);
        return Promise.resolve("continue");
      } });
      assert.equal(r.outcome, "done");
      assert.equal(r.handshake, "keys");
      assert.deepEqual(h.records(), ["IN add 203.0.113.5 ", "REPLY continue 203.0.113.5", "ADD 203.0.113.5"]);
    } finally {
      h.cleanup();
    }
  });

  test(`[${kind}] ExecutableAction watchdog kills a hung script and its process group`, async () => {
    const h = createArHome();
    const clock = new ManualClock();
    try {
      const a = new ExecutableAction({ start, path: h.script("hang", HANGING_SCRIPT), cwd: h.home, clock, watchdogMs: 1000 });
      const p = a.add(message("192.0.2.1"), { signal: new AbortController().signal, onStart: () => void 0, decide: () => Promise.resolve("continue") });
      while (h.records().length === 0) await new Promise((r) => setTimeout(r, 5));
      clock.advance(1000);
      const r = await p;
      assert.equal(r.outcome, "killed");
      assert.equal(r.code, "AR_SCRIPT_KILLED");
      const pid = Number(h.records()[0]?.split(" ")[1]);
      assert.throws(() => process.kill(pid, 0), "the sleep child is gone too");
    } finally {
      h.cleanup();
    }
  });

  test(`[${kind}] ExecutableAction closes stdin of a script that reads to EOF after the handshake limit`, async () => {
    const h = createArHome();
    const clock = new ManualClock();
    try {
      const a = new ExecutableAction({ start, path: h.script("eof", EOF_READER_SCRIPT), cwd: h.home, clock, handshakeMs: 2000 });
      let started = false;
      const p = a.add(message("192.0.2.1"), { signal: new AbortController().signal, onStart: () => void (started = true), decide: () => Promise.resolve("continue") });
      while (!started) await new Promise((r) => setTimeout(r, 5));
      clock.advance(2000);
      const r = await p;
      assert.equal(r.outcome, "done");
      assert.equal(r.handshake, "silent");
      assert.deepEqual(h.records(), ["EOFREAD"]);
    } finally {
      h.cleanup();
    }
  });

  test(`[${kind}] ExecutableAction: stateless script (EOF, no line) never asks; legacy argv is positional and validated`, async () => {
    const h = createArHome();
    try {
      const a = new ExecutableAction({ start, path: h.script("old.sh", STATELESS_SCRIPT), cwd: h.home, legacyArgs: true });
      let asked = false;
      const m = message("::ffff:203.0.113.9");
      const hostile = { ...m, parameters: { ...m.parameters, alert: { ...m.parameters.alert, data: { srcip: "::ffff:203.0.113.9", dstuser: "x; rm -rf /" } } } };
      const r = await a.add(hostile, { signal: new AbortController().signal, decide: () => { asked = true; return Promise.resolve("continue"); } });
      assert.equal(r.outcome, "done");
      assert.equal(r.handshake, "none");
      assert.equal(asked, false);
      assert.deepEqual(h.records(), ["STATELESS add - 203.0.113.9 1700000000.42 5763 001 -"]);
    } finally {
      h.cleanup();
    }
  });

  test(`[${kind}] ExecutableAction reports a missing executable as AR_SPAWN_FAILED`, async () => {
    const h = createArHome();
    try {
      const a = new ExecutableAction({ start, path: join(h.bin, "absent"), cwd: h.home });
      const r = await a.delete(message("192.0.2.1"), { signal: new AbortController().signal });
      assert.equal(r.outcome, "failed");
      assert.equal(r.code, "AR_SPAWN_FAILED");
    } finally {
      h.cleanup();
    }
  });
}
