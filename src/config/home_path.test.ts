// resolveHomePath(): relative localfile locations live under HOME.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveHomePath } from "./home_path.ts";

test("resolveHomePath() keeps absolute paths and resolves relative ones against HOME", () => {
  assert.equal(resolveHomePath("/var/log/auth.log", "/var/riposte"), "/var/log/auth.log");
  assert.equal(resolveHomePath("logs/active-responses.log", "/var/riposte"), "/var/riposte/logs/active-responses.log");
});
