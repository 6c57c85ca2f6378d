import { test } from "node:test";
import assert from "node:assert/strict";
import { bindRule, createBinder, groupString, osRegex } from "./binding.ts";
import { resolveResponses, type ActiveResponseSpec, type CommandSpec } from "./response_definition.ts";
import { generateArConf, listResponseNames, parseArConf } from "./allowlist.ts";

const fw: CommandSpec = { name: "firewall-drop", executable: "firewall-drop", timeoutAllowed: true };
const acct: CommandSpec = { name: "disable-account", executable: "disable-account", timeoutAllowed: false, extraArgs: "-a  b" };

function defs(blocks: ActiveResponseSpec[]) {
  return resolveResponses([{ kind: "command", spec: fw }, { kind: "command", spec: acct }, ...blocks.map((spec) => ({ kind: "response" as const, spec }))]);
}

const sshd = { id: "5763", level: 10, groups: ["syslog", "sshd", "authentication_failures"], pci_dss: ["10.2.4"] };

test("resolveResponses() names blocks <command><timeout> and forces 0 without timeout_allowed", () => {
  const { definitions, diagnostics } = defs([
    { command: "firewall-drop", location: "local", rulesId: ["5763"], timeout: 600 },
    { command: "disable-account", location: "LOCAL", level: 10, timeout: 600 },
    { command: "firewall-drop", location: "local", level: 3, timeout: -5 },
    { command: "firewall-drop", location: "nowhere", level: 3 },
    { command: "nope", location: "local", level: 3 },
    { command: "firewall-drop", location: "defined-agent", agentIds: ["0", "1", "002"], level: 3 },
    { command: "firewall-drop", location: "defined-agent", level: 3 },
    { command: "firewall-drop", location: "local", level: 3, disabled: true },
  ]);
  assert.deepEqual(definitions.map((d) => d.name), ["firewall-drop600", "disable-account0", "firewall-drop0", "firewall-drop0"]);
  assert.deepEqual(definitions[1]?.extraArgs, ["-a", "b"]);
  assert.deepEqual(definitions[3]?.agentIds, ["001", "002"]);
  assert.deepEqual(diagnostics.map((d) => d.code), ["AR_TIMEOUT_NOT_ALLOWED", "AR_NEGATIVE_TIMEOUT", "AR_BAD_LOCATION", "AR_UNKNOWN_COMMAND", "AR_AGENT_ZERO", "AR_NO_AGENT"]);
});

test("resolveResponses() only sees commands defined before the block", () => {
  const { diagnostics } = resolveResponses([{ kind: "response", spec: { command: "firewall-drop", location: "local", level: 1 } }, { kind: "command", spec: fw }]);
  assert.deepEqual(diagnostics.map((d) => d.code), ["AR_UNKNOWN_COMMAND"]);
});

test("resolveResponses() applies Wazuh's location precedence", () => {
  const { definitions } = defs([{ command: "firewall-drop", location: "local,all", level: 1 }, { command: "firewall-drop", location: "server local", level: 1 }, { command: "firewall-drop", location: "Analysis-Server", level: 1 }]);
  assert.deepEqual(definitions.map((d) => d.location), ["all", "server", "server"]);
});

test("bindRule() follows Wazuh's level/rules_group/rules_id semantics", () => {
  const { definitions: d } = defs([
    { command: "firewall-drop", location: "local", level: 10, rulesGroup: "sshd" },          // both: level and group hold
    { command: "firewall-drop", location: "local", level: 11, rulesGroup: "sshd" },          // both: level fails
    { command: "firewall-drop", location: "local", level: 12 },                              // level alone fails
    { command: "firewall-drop", location: "local", rulesGroup: "web|authentication_fail" },  // group alone (substring, |)
    { command: "firewall-drop", location: "local", level: 12, rulesId: ["1", "5763"] },      // rules_id OR'ed
    { command: "firewall-drop", location: "local" },                                          // none: never fires
    { command: "firewall-drop", location: "local", rulesGroup: "pci_dss_10.2.4," },          // compliance groups count
    { command: "firewall-drop", location: "local", rulesGroup: "^sshd" },                    // anchored: no
  ]);
  assert.deepEqual(bindRule(sshd, d).map((x) => x.index), [0, 3, 4, 6]);
  assert.deepEqual(bindRule({ ...sshd, level: 0 }, d), []);
  assert.deepEqual(bindRule({ ...sshd, options: ["no_ar"] }, d), []);
  assert.equal(createBinder(d)(sshd).length, 4);
  assert.equal(groupString(sshd), "syslog,sshd,authentication_failures,pci_dss_10.2.4,");
  assert.equal(osRegex("^syslog,\\w+,").test("syslog,sshd,x"), true);
  assert.equal(osRegex("a.b").test("axb"), false);
  assert.equal(osRegex("a\\.b").test("axb"), true);
});

test("generateArConf() writes the fixed lines then one line per block; parseArConf() reads it back", () => {
  const { definitions } = resolveResponses([{ kind: "command", spec: { ...fw, legacyArgs: true } }, { kind: "response", spec: { command: "firewall-drop", location: "local", level: 1, timeout: 600 } }]);
  const text = generateArConf(definitions);
  assert.equal(text.split("\n")[0], "restart-ossec0 - restart-ossec.sh - 0");
  assert.equal(text.split("\n")[6], "firewall-drop600 - firewall-drop - 600 - legacy");
  const { allowlist, diagnostics } = parseArConf(text + "broken line\n!x - y - 0\nbad - ../x - 0\n");
  assert.equal(diagnostics.length, 3);
  assert.deepEqual(allowlist.get("firewall-drop600"), [{ name: "firewall-drop600", executable: "firewall-drop", timeoutSec: 600, legacyArgs: true }]);
  assert.equal(allowlist.get("restart-wazuh0")?.length, 4);
  assert.deepEqual(listResponseNames(allowlist), [{ name: "firewall-drop600", executable: "firewall-drop", timeoutSec: 600 }]);
});
