import { test } from "node:test";
import assert from "node:assert/strict";
import type { RawEvent } from "../../core/mod.ts";
import { parseHeader, predecode, splitLocation } from "./predecode.ts";

const raw = (log: string, location = "stdin"): RawEvent => ({ agentId: "000", agentName: "m", location, log, queue: "1", receivedAt: 0 });

function header(log: string) {
  const h = parseHeader(log);
  return { log: h.log, ts: h.timestamp, host: h.hostname, prog: h.programName };
}

test("parseHeader() classic syslog with pid", () => {
  assert.deepEqual(header("Dec 29 10:00:01 myhost sshd[1234]: Failed password"), { log: "Failed password", ts: "Dec 29 10:00:01", host: "myhost", prog: "sshd" });
});

test("parseHeader() single-digit day and an extra space after the date", () => {
  assert.deepEqual(header("Feb  4 23:05:57 host kernel: x"), { log: "x", ts: "Feb  4 23:05:57", host: "host", prog: "kernel" });
  assert.deepEqual(header("Feb 14 23:05:57  host kernel: x"), { log: "x", ts: "Feb 14 23:05:57", host: "host", prog: "kernel" });
});

test("parseHeader() program name forms: `p:`, `p:x`, `p[1] x`, bad pid", () => {
  assert.deepEqual(header("Dec 29 10:00:01 h sshd:x"), { log: "x", ts: "Dec 29 10:00:01", host: "h", prog: "sshd" });
  assert.deepEqual(header("Dec 29 10:00:01 h kernel[1] x"), { log: "x", ts: "Dec 29 10:00:01", host: "h", prog: "kernel" });
  assert.deepEqual(header("Dec 29 10:00:01 h prog[12x] rest"), { log: "prog[12x] rest", ts: "Dec 29 10:00:01", host: "h", prog: undefined });
  assert.deepEqual(header("Dec 29 10:00:01 h some text"), { log: "some text", ts: "Dec 29 10:00:01", host: "h", prog: undefined });
});

test("parseHeader() no valid hostname keeps the text after the date", () => {
  assert.deepEqual(header("Dec 29 10:00:01 h\u00e9llo x"), { log: "h\u00e9llo x", ts: "Dec 29 10:00:01", host: undefined, prog: undefined });
  assert.deepEqual(header("Dec 29 10:00:01 {json"), { log: "{json", ts: "Dec 29 10:00:01", host: undefined, prog: undefined });
});

test("parseHeader() Solaris forms", () => {
  assert.deepEqual(header("Dec 29 10:00:01 sshd: no host"), { log: "no host", ts: "Dec 29 10:00:01", host: undefined, prog: "sshd" });
  assert.deepEqual(header("Dec 29 10:00:01 h sshd[12]: [ID 800047 auth.info] msg"), { log: "msg", ts: "Dec 29 10:00:01", host: "h", prog: "sshd" });
});

test("parseHeader() AIX facility|severity", () => {
  assert.deepEqual(header("Dec 29 10:00:01 h auth|security:info sshd[1]: aix"), { log: "aix", ts: "Dec 29 10:00:01", host: "h", prog: "sshd" });
  assert.deepEqual(header("Dec 29 10:00:01 h auth|security:info sshd: aix"), { log: "aix", ts: "Dec 29 10:00:01", host: "h", prog: "sshd" });
});

test("parseHeader() ISO 8601 / RFC 5424-like forms", () => {
  assert.deepEqual(header("2007-06-14T15:48:55-04:00 h sshd: x"), { log: "x", ts: "2007-06-14T15:48:55-04:00", host: "h", prog: "sshd" });
  assert.deepEqual(header("2022-12-19T15:02:53.288+00:00 h sshd[5]: x"), { log: "x", ts: "2022-12-19T15:02:53.288+00:00", host: "h", prog: "sshd" });
  assert.deepEqual(header("2009-05-22T09:36:46.214994-07:00 h sshd[5]: x"), { log: "x", ts: "2009-05-22T09:36:46.214994-07:00", host: "h", prog: "sshd" });
  assert.deepEqual(header("2019-09-25T10:29:31.795584+0200 h sshd[5]: x"), { log: "x", ts: "2019-09-25T10:29:31.795584+0200", host: "h", prog: "sshd" });
});

test("parseHeader() proftpd, year-first syslog and macOS unified log dates", () => {
  assert.deepEqual(header("2015-04-16 21:51:02,805 h proftpd[1]: x"), { log: "x", ts: "2015-04-16 21:51:02,805", host: "h", prog: "proftpd" });
  assert.deepEqual(header("2015 Nov 13 13:40:01 h su: x"), { log: "x", ts: "2015 Nov 13 13:40:01", host: "h", prog: "su" });
  assert.deepEqual(header("2021-04-21 10:16:09.404756-0700 h sshd[5]: x"), { log: "x", ts: "2021-04-21 10:16:09.404756-0700", host: "h", prog: "sshd" });
});

test("parseHeader() a German March (UTF-8 ä) is recognised by byte positions", () => {
  const h = parseHeader("M\u00e4r 02 17:30:52 host prog: hi");
  assert.equal(h.log, "hi");
  assert.equal(h.programName, "prog");
  assert.equal(h.hostname, "host");
});

test("parseHeader() non-ASCII before the date shifts byte positions as in Wazuh", () => {
  // "D\u00e9 29 10:00:01 " is 16 bytes with spaces at bytes 3, 6 and 15: the classic form fits on bytes.
  const h = parseHeader("D\u00e9 29 10:00:01 h p: x");
  assert.equal(h.log, "x");
  assert.equal(h.programName, "p");
});

test("parseHeader() date-only headers: xferlog, snort, suricata, apache, squid", () => {
  assert.deepEqual(header("Mon Apr 17 18:27:14 2006 1 64.160.42.130 5 /x b _ o r u ftp 0 * c"), { log: "1 64.160.42.130 5 /x b _ o r u ftp 0 * c", ts: "Mon Apr 17 18:27:14 2006", host: undefined, prog: undefined });
  assert.deepEqual(header("01/28-09:13:16.240702  [**] [1:2:3] snort"), { log: "[**] [1:2:3] snort", ts: "01/28-09:13:16.240702", host: undefined, prog: undefined });
  assert.deepEqual(header("01/28/1979-09:13:16.240702  [**] suricata"), { log: "[**] suricata", ts: "01/28/1979-09:13:16.240702", host: undefined, prog: undefined });
  assert.deepEqual(header("[Fri Feb 11 18:06:35 2004] [warn] apache"), { log: "[warn] apache", ts: "Fri Feb 11 18:06:35 2004", host: undefined, prog: undefined });
  const squid = parseHeader("1140804070.368  11623 192.168.1.1 TCP_MISS/200 1 GET http://x - DIRECT/1.2.3.4 text/html");
  assert.equal(squid.log, "11623 192.168.1.1 TCP_MISS/200 1 GET http://x - DIRECT/1.2.3.4 text/html");
});

test("parseHeader() OS X ASL takes Sender, Message and Host", () => {
  const h = parseHeader("[Time 2006.12.28 15:53:55 UTC] [Facility auth] [Sender sshd] [PID 483] [Message error: PAM: x] [Level 3] [Host Hn]");
  assert.deepEqual({ log: h.log, host: h.hostname, prog: h.programName }, { log: "error: PAM: x", host: "Hn", prog: "sshd" });
});

test("parseHeader() no header: JSON, key=value and short lines are left whole", () => {
  for (const l of ['{"a":1}', "id=firewall sn=1", "", "Dec 29 10:00:01", "x"]) assert.deepEqual(header(l), { log: l, ts: undefined, host: undefined, prog: undefined });
});

test("predecode() agent locations replace the hostname with the agent name", () => {
  const p = predecode(raw("Dec 29 10:00:01 myhost sshd[1]: x", "[001] (web01) 10.0.0.5->/var/log/secure"), { managerName: "mgr" });
  assert.equal(p.agentId, "001");
  assert.equal(p.hostname, "web01");
  assert.equal(p.location, "(web01) 10.0.0.5->/var/log/secure");
  assert.deepEqual(splitLocation("[002]"), { location: "", agentId: "002", agentHost: "" });
});

test("predecode() local events use the syslog hostname, else the manager's name", () => {
  assert.equal(predecode(raw("Dec 29 10:00:01 myhost sshd[1]: x"), { managerName: "mgr" }).hostname, "myhost");
  const p = predecode(raw('{"a":1}'), { managerName: "mgr" });
  assert.deepEqual([p.hostname, p.agentId, p.location, p.fullLog], ["mgr", "000", "stdin", '{"a":1}']);
});

test("predecode() never throws and stays linear on hostile input", () => {
  const big = "Dec 29 10:00:01 " + "a".repeat(1_000_000) + " x";
  const t0 = performance.now();
  for (const l of [big, "\ud800\udfff\ud800", "\u0000".repeat(50), "[" + "[".repeat(100000), "[Time 2006.12.28 15:53:55 " + "[Sender ".repeat(10000)]) {
    assert.equal(typeof predecode(raw(l), { managerName: "m" }).log, "string");
  }
  assert.ok(performance.now() - t0 < 500);
});

test("predecode() a NUL ends the message, as in Wazuh's C strings", () => {
  const p = predecode(raw("Dec 29 10:00:01 h sshd[1]: abc\u0000def"), { managerName: "m" });
  assert.deepEqual([p.log, p.fullLog], ["abc", "Dec 29 10:00:01 h sshd[1]: abc"]);
});

test("parseHeader() edge forms: empty program name, bad AIX pid, unclosed [ID, trailing host", () => {
  assert.deepEqual(header("Dec 29 10:00:01 h : msg"), { log: "msg", ts: "Dec 29 10:00:01", host: "h", prog: "" });
  assert.deepEqual(header("Dec 29 10:00:01 h auth|security:info sshd[x]: y"), { log: "[x]: y", ts: "Dec 29 10:00:01", host: "h", prog: "sshd[x]: y" });
  assert.deepEqual(header("Dec 29 10:00:01 h auth|security:info sshd[1] y"), { log: "auth|security:info sshd[1] y", ts: "Dec 29 10:00:01", host: "h", prog: "sshd" });
  assert.deepEqual(header("Dec 29 10:00:01 h sshd: [ID 123 no close"), { log: "[ID 123 no close", ts: "Dec 29 10:00:01", host: "h", prog: "sshd" });
  assert.deepEqual(header("Dec 29 10:00:01 host"), { log: "host", ts: "Dec 29 10:00:01", host: undefined, prog: undefined });
  assert.deepEqual(header("Dec 29 10:00:01 host "), { log: "", ts: "Dec 29 10:00:01", host: "host", prog: undefined });
});

test("parseHeader() positional tests only: a digit-free look-alike is still a header", () => {
  // Wazuh compat: no digit checks for the classic form, "abc de fg:hi:jk " fits.
  assert.deepEqual(header("abc de fg:hi:jk host prog: x"), { log: "x", ts: "abc de fg:hi:jk", host: "host", prog: "prog" });
});
