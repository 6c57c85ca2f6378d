import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ManualClock } from "../../core/mod.ts";
import { createArHome, RECORDING_SCRIPT } from "../../../test/harness/ar_home.ts";
import { createBuiltinResolver, isLauncher } from "./builtin_resolver.ts";

const LAUNCHER = readFileSync(resolve(import.meta.dirname, "..", "..", "..", "active-response", "bin", "firewall-drop"), "utf8");

test("createBuiltinResolver() runs a built-in in-process only when bin/ holds Riposte's launcher", () => {
  const h = createArHome();
  try {
    const resolver = createBuiltinResolver({ home: h.home, clock: new ManualClock() });
    const log = { log: () => undefined };
    const at = (exe: string, legacyArgs = false) => ({ path: join(h.bin, exe), executable: exe, program: `active-response/bin/${exe}`, legacyArgs });
    h.script("firewall-drop", LAUNCHER);
    assert.equal(isLauncher(join(h.bin, "firewall-drop")), true);
    const a = resolver(at("firewall-drop"), log);
    assert.equal(a?.name, "firewall-drop");
    assert.equal(resolver(at("firewall-drop"), log), a, "one action object per built-in");
    assert.equal(resolver(at("firewall-drop", true), log), undefined, "the positional form spawns");
    h.script("host-deny", RECORDING_SCRIPT);
    assert.equal(resolver(at("host-deny"), log), undefined, "an operator's own script is spawned");
    h.script("my-script", LAUNCHER);
    assert.equal(resolver(at("my-script"), log), undefined, "not a built-in name");
  } finally {
    h.cleanup();
  }
});
