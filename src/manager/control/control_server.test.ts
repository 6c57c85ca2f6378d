import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../core/mod.ts";
import { ManagerError } from "../manager_error.ts";
import { ControlServer, controlRequest } from "./mod.ts";

test("ControlServer: registered handlers answer; unknown commands, bad JSON and handler errors are coded", async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-ctl-"));
  const path = join(dir, "control.sock");
  const server = new ControlServer(silentLogger);
  server.register("echo", (args) => args);
  server.register("boom", () => {
    throw new ManagerError("AGENT_UNKNOWN", "no such agent");
  });
  assert.throws(() => server.register("echo", () => null));
  try {
    await server.listen(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(await controlRequest(path, "echo", { x: 1 }), { ok: true, data: { x: 1 } });
    assert.deepEqual(await controlRequest(path, "boom"), { ok: false, code: "AGENT_UNKNOWN", message: "no such agent" });
    assert.equal((await controlRequest(path, "nope")).code, "CONTROL_UNKNOWN_COMMAND");
    const raw = await new Promise<string>((resolve) => {
      const s = connect(path, () => s.write("{not json\n"));
      s.setEncoding("utf8");
      s.on("data", (d: string) => {
        resolve(d);
        s.end();
      });
    });
    assert.equal((JSON.parse(raw) as { code: string }).code, "CONTROL_BAD_REQUEST");
  } finally {
    await server.close(path);
    rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(controlRequest(path, "echo"), (e: unknown) => e instanceof ManagerError && e.code === "CONTROL_UNAVAILABLE");
});
