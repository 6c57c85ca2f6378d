// The journald source against a real systemd-journald: the test starts a private journal
// namespace (`systemd-journald <ns>`, its own sockets and files), logs sshd lines into it the
// way sshd does (syslog(3) to the namespace's dev-log, through `logger`), and follows it with
// `journalctl --namespace=<ns>`. No journald runs in the CI container, and the host's own
// journal is never touched. Everything the test creates is removed at the end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, rmdirSync } from "node:fs";
import { eventually, makeHarness } from "../../../../../test/harness/log_source_conformance.ts";
import { JournaldSource } from "./journald_source.ts";

const JOURNALD = "/lib/systemd/systemd-journald";

test("JournaldSource follows a real journal: sshd lines in Wazuh's syslog form, exactly once across a restart", async () => {
  const ns = `riposte${process.pid}`;
  const machineId = readFileSync("/etc/machine-id", "utf8").trim();
  const runLogExisted = existsSync("/run/log/journal");
  const journald = spawn(JOURNALD, [ns], { stdio: "ignore" });
  const exited = new Promise((resolve) => journald.once("exit", resolve));
  const devLog = `/run/systemd/journal.${ns}/dev-log`;
  const h = makeHarness();
  const sshd = (pid: number, msg: string) => execFileSync("logger", ["-u", devLog, "-t", "sshd", `--id=${pid}`, msg]);
  let ac = new AbortController();
  let done: Promise<void> = Promise.resolve();
  try {
    await eventually(() => existsSync(devLog), "the namespace journald socket", 5000);
    // journald writes "Journal started" first: once it is readable, the journal has a tail.
    const hasEntry = () => {
      try {
        return execFileSync("journalctl", [`--namespace=${ns}`, "--lines=1", "--output=json", "--quiet"]).length > 0;
      } catch {
        return false; // Journal files not created yet.
      }
    };
    await eventually(hasEntry, "the first journal entry", 5000);
    const make = () => new JournaldSource({ logFormat: "journald" }, h.ctx(), { journalctl: ["journalctl", `--namespace=${ns}`] });
    let source = make();
    done = source.run(ac.signal);
    await eventually(() => h.store.getCursor(source.id) !== undefined, "the start cursor", 5000);
    sshd(4242, "Failed password for invalid user admin from 203.0.113.7 port 52144 ssh2");
    await eventually(() => h.events.length === 1, "the sshd entry", 5000);
    assert.match(h.events[0]?.log ?? "", /^[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \S+ sshd\[4242\]: Failed password for invalid user admin from 203\.0\.113\.7 port 52144 ssh2$/);
    assert.equal(h.events[0]?.location, "journald");
    ac.abort();
    await done;
    sshd(4243, "Invalid user oracle from 203.0.113.9 port 40100");
    sshd(4244, "Accepted password for root from 198.51.100.4 port 40022 ssh2");
    source = make();
    ac = new AbortController();
    done = source.run(ac.signal);
    await eventually(() => h.events.length === 3, "the entries logged while stopped", 5000);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      h.events.map((e) => e.log.replace(/^.* sshd/, "sshd")),
      [
        "sshd[4242]: Failed password for invalid user admin from 203.0.113.7 port 52144 ssh2",
        "sshd[4243]: Invalid user oracle from 203.0.113.9 port 40100",
        "sshd[4244]: Accepted password for root from 198.51.100.4 port 40022 ssh2",
      ],
    );
    ac.abort();
    await done;
  } finally {
    ac.abort();
    await done.catch(() => {});
    journald.kill("SIGTERM");
    await exited;
    h.cleanup();
    for (const dir of [`/run/systemd/journal.${ns}`, `/var/log/journal/${machineId}.${ns}`, `/run/log/journal/${machineId}.${ns}`]) {
      rmSync(dir, { recursive: true, force: true });
    }
    if (!runLogExisted) {
      try {
        rmdirSync("/run/log/journal");
      } catch {
        // Not empty (someone else's journal) or already gone: leave it.
      }
    }
  }
});
