import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addContext, deleteContext, ipMessage } from "../../../test/harness/action_message.ts";
import { runResponseActionConformance } from "../../../test/harness/response_action_conformance.ts";
import { hostDeny, hostDenyLine } from "./host_deny.ts";

function tempFile(content = "# site policy\nsshd: 10.0.0.10\n") {
  const dir = mkdtempSync(join(tmpdir(), "riposte-hd-"));
  const file = join(dir, "hosts.deny");
  writeFileSync(file, content);
  return { dir, file, lines: () => readFileSync(file, "utf8").split("\n").filter((l) => l !== ""), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

runResponseActionConformance("host-deny", () => {
  const t = tempFile();
  writeFileSync(join(t.dir, "locked.riposte-lock"), String(process.pid));
  return {
    action: hostDeny({ file: t.file }),
    // A lock held by a live process (this one): the add waits until cancelled.
    hanging: hostDeny({ file: join(t.dir, "locked"), lockWaitMs: 3_600_000 }),
    message: (ip) => ipMessage(ip),
    isActive: (ip) => t.lines().includes(ip.includes(":") ? `ALL: [${ip}]` : `ALL: ${ip}`),
    cleanup: t.cleanup,
  };
});

test("host-deny: exact lines, IPv6 in brackets, add twice and delete twice, neighbours and comments untouched", async () => {
  const t = tempFile("# deny 10.0.0.1 later\nsshd: 10.0.0.10\nALL: 10.0.0.100\n");
  try {
    const a = hostDeny({ file: t.file });
    for (let i = 0; i < 2; i++) {
      assert.equal((await a.add(ipMessage("10.0.0.1"), addContext())).outcome, "done");
      assert.equal((await a.add(ipMessage("2001:DB8::1"), addContext())).outcome, "done");
    }
    assert.deepEqual(t.lines(), ["# deny 10.0.0.1 later", "sshd: 10.0.0.10", "ALL: 10.0.0.100", "ALL: 10.0.0.1", "ALL: [2001:db8::1]"]);
    for (let i = 0; i < 2; i++) {
      assert.equal((await a.delete(ipMessage("10.0.0.1"), deleteContext)).outcome, "done");
      assert.equal((await a.delete(ipMessage("2001:db8::1"), deleteContext)).outcome, "done");
    }
    assert.deepEqual(t.lines(), ["# deny 10.0.0.1 later", "sshd: 10.0.0.10", "ALL: 10.0.0.100"]);
    assert.equal(existsSync(`${t.file}.riposte-lock`), false, "lock released");
  } finally {
    t.cleanup();
  }
});

test("host-deny: the file comes from extra_args file=, relative or '..' paths are refused, a missing file is created", async () => {
  const t = tempFile();
  try {
    const other = join(t.dir, "other.deny");
    assert.equal((await hostDeny().add(ipMessage("192.0.2.3", [`file=${other}`]), addContext())).outcome, "done");
    assert.equal(readFileSync(other, "utf8"), "ALL: 192.0.2.3\n");
    for (const bad of ["file=hosts.deny", `file=${t.dir}/../x`]) {
      const r = await hostDeny().add(ipMessage("192.0.2.3", [bad]), addContext());
      assert.equal(r.code, "ACTION_BAD_OPTION");
    }
  } finally {
    t.cleanup();
  }
});

test("host-deny: a stale lock (dead owner) is taken over; an unwritable place fails", async () => {
  const t = tempFile();
  try {
    writeFileSync(`${t.file}.riposte-lock`, "999999999\n");
    assert.equal((await hostDeny({ file: t.file }).add(ipMessage("192.0.2.4"), addContext())).outcome, "done");
    const r = await hostDeny({ file: "/proc/riposte-nope/hosts.deny" }).add(ipMessage("192.0.2.4"), addContext());
    assert.equal(r.outcome, "failed");
    assert.match(r.code ?? "", /^ACTION_(PERMISSION_DENIED|COMMAND_FAILED)$/);
  } finally {
    t.cleanup();
  }
});

test("hostDenyLine", () => {
  assert.equal(hostDenyLine({ ip: "203.0.113.5", family: 4 }), "ALL: 203.0.113.5");
  assert.equal(hostDenyLine({ ip: "2001:db8::1", family: 6 }), "ALL: [2001:db8::1]");
});
