import { test } from "node:test";
import assert from "node:assert/strict";
import { buildMessage, checkKeysLine, dedupKey, parseCheckKeys, parseMessage, serializeMessage, splitExtraArgs, toScriptInput, withCommand } from "./protocol.ts";

test("buildMessage() serialises in Wazuh's field order", () => {
  const m = buildMessage({ originName: "node01", module: "wazuh-analysisd", name: "firewall-drop600", extraArgs: splitExtraArgs("a  b"), alert: { rule: { id: "5763" } } });
  assert.equal(serializeMessage(m), '{"version":1,"origin":{"name":"node01","module":"wazuh-analysisd"},"command":"firewall-drop600","parameters":{"extra_args":["a","b"],"alert":{"rule":{"id":"5763"}}}}');
});

test("toScriptInput() rewrites command, origin.module and program; withCommand() keeps the rest", () => {
  const parsed = parseMessage('{"version":1,"origin":{"name":"n","module":"API"},"command":"firewall-drop0","parameters":{"extra_args":[],"alert":{"x":1}},"extra":true}');
  assert.ok(parsed.ok);
  const input = toScriptInput(parsed.message, "active-response/bin/firewall-drop");
  assert.equal(serializeMessage(input), '{"version":1,"origin":{"name":"n","module":"wazuh-execd"},"command":"add","parameters":{"extra_args":[],"alert":{"x":1},"program":"active-response/bin/firewall-drop"},"extra":true}');
  assert.equal(JSON.parse(serializeMessage(withCommand(input, "abort"))).command, "abort");
  assert.equal(JSON.parse(serializeMessage(withCommand(input, "abort"))).parameters.alert.x, 1);
});

test("parseMessage() refuses what execd refuses", () => {
  for (const bad of ["", "not json", "[1]", '{"command":3}', "x".repeat(70_000)]) assert.equal(parseMessage(bad).ok, false, bad.slice(0, 20));
  assert.equal(parseMessage('{"command":"x"}').ok, true);
});

test("parseCheckKeys() accepts only a well-formed check_keys message", () => {
  assert.deepEqual(parseCheckKeys(checkKeysLine("firewall-drop", ["1.2.3.4"])), ["1.2.3.4"]);
  assert.deepEqual(parseCheckKeys('{"version":1,"origin":{},"command":"check_keys","parameters":{"keys":["a",2,"b"]}}'), ["a", "b"]);
  for (const bad of ["", "{}", '{"version":"1","origin":{},"command":"check_keys","parameters":{"keys":[]}}', '{"version":1,"command":"check_keys","parameters":{"keys":[]}}', '{"version":1,"origin":{},"command":"add","parameters":{"keys":[]}}', '{"version":1,"origin":{},"command":"check_keys","parameters":{}}']) {
    assert.equal(parseCheckKeys(bad), undefined, bad);
  }
});

test("dedupKey() is basename + keys, refused past 4 KB", () => {
  assert.equal(dedupKey("active-response/bin/firewall-drop", ["1.2.3.4"]), "firewall-drop-1.2.3.4");
  assert.equal(dedupKey("netsh.exe", []), "netsh.exe");
  assert.equal(dedupKey("x", ["a".repeat(5000)]), undefined);
});
