// Unit tests against a simulated firewall-cmd that keeps rich rules in memory and answers as
// firewall-cmd does (query: "yes"/exit 0 or "no"/exit 1; not running: exit 252). The same
// action against a real firewalld (private D-Bus, test namespace, real traffic) is proven in
// test/e2e/firewalld_real.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addContext, deleteContext, ipMessage } from "../../../test/harness/action_message.ts";
import { runResponseActionConformance } from "../../../test/harness/response_action_conformance.ts";
import { createCommandRunner, type CommandRunner } from "./command_runner.ts";
import { firewalldArgv, firewalldDrop } from "./firewalld_drop.ts";

function fakeFirewallCmd(running = true) {
  const rules = new Set<string>();
  const calls: string[][] = [];
  const run: CommandRunner = (argv) => {
    calls.push([...argv]);
    const ok = (stdout: string, code = 0) => Promise.resolve({ argv, code, stdout, stderr: "" });
    if (!running) return Promise.resolve({ argv, code: 252, stdout: "", stderr: "FirewallD is not running\n" });
    const arg = argv[1] ?? "";
    const rule = arg.slice(arg.indexOf("=") + 1);
    if (arg.startsWith("--query-rich-rule=")) return rules.has(rule) ? ok("yes\n") : ok("no\n", 1);
    if (arg.startsWith("--add-rich-rule=")) return (rules.add(rule), ok("success\n"));
    if (arg.startsWith("--remove-rich-rule=")) return (rules.delete(rule), ok("success\n"));
    return ok("", 2);
  };
  return { run, rules, calls };
}

runResponseActionConformance("firewalld-drop (simulated firewall-cmd)", () => {
  const f = fakeFirewallCmd();
  const sleeper = createCommandRunner();
  return {
    action: firewalldDrop({ run: f.run }),
    hanging: firewalldDrop({ run: (_argv, o) => sleeper(["sleep", "3600"], o) }),
    message: (ip) => ipMessage(ip),
    isActive: (ip) => [...f.rules].some((r) => r.includes(`address="${ip}"`)),
    cleanup: () => undefined,
  };
});

test("firewalld-drop: argv of each step (rich rule per family, runtime only, optional --timeout)", () => {
  assert.deepEqual(firewalldArgv("add", { ip: "203.0.113.5", family: 4, timeoutSec: 0 }), ["firewall-cmd", '--add-rich-rule=rule family="ipv4" source address="203.0.113.5" drop']);
  assert.deepEqual(firewalldArgv("add", { ip: "2001:db8::1", family: 6, timeoutSec: 600 }), ["firewall-cmd", '--add-rich-rule=rule family="ipv6" source address="2001:db8::1" drop', "--timeout=600"]);
  assert.deepEqual(firewalldArgv("remove", { ip: "2001:db8::1", family: 6, timeoutSec: 0 }), ["firewall-cmd", '--remove-rich-rule=rule family="ipv6" source address="2001:db8::1" drop']);
});

test("firewalld-drop: query before add and remove (no duplicates, idempotent), firewalld down is a failure", async () => {
  const f = fakeFirewallCmd();
  const a = firewalldDrop({ run: f.run });
  await a.add(ipMessage("203.0.113.5", ["kernel-timeout=60"]), addContext());
  await a.add(ipMessage("203.0.113.5"), addContext());
  assert.equal(f.calls.filter((c) => c[1]?.startsWith("--add")).length, 1);
  assert.deepEqual(f.calls[1], ["firewall-cmd", '--add-rich-rule=rule family="ipv4" source address="203.0.113.5" drop', "--timeout=60"]);
  await a.delete(ipMessage("203.0.113.5"), deleteContext);
  await a.delete(ipMessage("203.0.113.5"), deleteContext);
  assert.equal(f.calls.filter((c) => c[1]?.startsWith("--remove")).length, 1);
  assert.equal(f.rules.size, 0);
  const down = await firewalldDrop({ run: fakeFirewallCmd(false).run }).add(ipMessage("203.0.113.5"), addContext());
  assert.equal(down.outcome, "failed");
  assert.match(down.reason ?? "", /not running/);
  const missing = await firewalldDrop({ run: createCommandRunner({ env: { PATH: "/nonexistent" } }) }).add(ipMessage("203.0.113.5"), addContext());
  assert.equal(missing.code, "ACTION_TOOL_MISSING");
});
