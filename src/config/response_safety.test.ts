// Riposte's response-safety options: <global><protected_networks> and the circuit breaker
// (<ar_max_per_window>, <ar_breaker_window>, <ar_breaker_quiet>, <active-response><max_per_window>).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readXml } from "../xml/mod.ts";
import { loadConfigFiles, parseConfig } from "./mod.ts";

const valid = join(import.meta.dirname, "testdata", "valid");

function parse(text: string) {
  return parseConfig([readXml(text, "/cfg/safety.conf", { dialect: "config" })], { role: "manager" });
}

test("CFG: protected_networks and the breaker options are read", async () => {
  const { config, diagnostics } = await loadConfigFiles([join(valid, "global", "response_safety.conf")]);
  assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
  assert.ok(config);
  assert.deepEqual(config.global.protectedNetworks.map((n) => `${n.address}/${n.prefix}`), ["10.20.0.0/16", "2001:db8:100::/48", "192.0.2.10/32"]);
  assert.deepEqual(config.global.arBreaker, { maxPerWindow: 50, windowSeconds: 120, quietSeconds: 600 });
  assert.equal(config.activeResponses[0]?.maxPerWindow, 20);
});

test("CFG: breaker defaults (1000 per 60 s, 300 s quiet, no per-block limit)", () => {
  const r = parse("<ossec_config><global><white_list>10.0.0.1</white_list></global></ossec_config>");
  assert.deepEqual(r.config?.global.arBreaker, { maxPerWindow: 1000, windowSeconds: 60, quietSeconds: 300 });
  assert.deepEqual(r.config?.global.protectedNetworks, []);
});

test("CFG: a bad protected network is an error at its position", () => {
  const r = parse("<ossec_config><global>\n<protected_networks>10.0.0.0/8, 300.1.2.3</protected_networks></global></ossec_config>");
  const bad = r.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(bad.map((d) => [d.code, d.location?.line]), [["CFG_INVALID_ADDRESS", 2]]);
});

test("CFG: <active-response><protect_ssh_sessions> is an execd setting (first block that has it)", () => {
  const r = parseConfig([readXml("<ossec_config><client><server><address>192.0.2.10</address></server></client><active-response><protect_ssh_sessions>yes</protect_ssh_sessions></active-response><active-response><protect_ssh_sessions>no</protect_ssh_sessions></active-response></ossec_config>", "/cfg/a.conf", { dialect: "config" })], { role: "agent" });
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  assert.equal(r.config?.execd.protectSshSessions, true);
});
