// What the decoders of Riposte's ruleset extract, beyond the (rule, level, decoder) triple the
// .ini cases check: srcip, dstuser and friends are what active responses act on, so they
// must be the values the program wrote, also when attacker-chosen text imitates them
// (a user name "x from 198.51.100.1 port 22", a forged key inside an alert's full_log).
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { DiagnosticBag, ManualClock } from "../src/core/mod.ts";
import { createEngine, loadRuleset, rulesetSourceOfDir } from "../src/ruleset/mod.ts";

const bag = new DiagnosticBag();
const source = rulesetSourceOfDir(resolve(import.meta.dirname), bag);
assert.ok(source);
const ruleset = loadRuleset(source);

function fields(log: string): Record<string, string> {
  const engine = createEngine(ruleset, { clock: new ManualClock(), managerName: "m", applyIgnore: false });
  const result = engine.analyze({ agentId: "000", agentName: "m", location: "stdin", log, queue: "1", receivedAt: 0 });
  return Object.fromEntries(result.decoded.fields);
}

const H = "Nov 29 10:00:01 bastion sshd[1234]: ";

test("sshd: user, address and port of the usual lines, IPv4 and IPv6", () => {
  assert.deepEqual(fields(`${H}Invalid user admin from 203.0.113.7 port 52144`), { dstuser: "admin", srcip: "203.0.113.7", srcport: "52144" });
  assert.deepEqual(fields(`${H}Failed password for invalid user admin from 2001:db8::7 port 52144 ssh2`), { auth_method: "password", dstuser: "admin", srcip: "2001:db8::7", srcport: "52144" });
  assert.deepEqual(fields(`${H}Accepted publickey for alice from 198.51.100.20 port 50122 ssh2: ED25519 SHA256:Zm9v`), { auth_method: "publickey", dstuser: "alice", srcip: "198.51.100.20", srcport: "50122" });
  assert.deepEqual(fields(`${H}Connection closed by 203.0.113.9 port 40000 [preauth]`), { srcip: "203.0.113.9", srcport: "40000" });
  assert.deepEqual(fields(`${H}Disconnected from authenticating user root 203.0.113.8 port 52145 [preauth]`), { dstuser: "root", srcip: "203.0.113.8", srcport: "52145" });
  assert.deepEqual(fields(`${H}error: maximum authentication attempts exceeded for invalid user oracle from 203.0.113.8 port 52145 ssh2 [preauth]`), { dstuser: "oracle", srcip: "203.0.113.8", srcport: "52145" });
  assert.deepEqual(fields(`${H}User root from 203.0.113.13 not allowed because not listed in AllowUsers`), { dstuser: "root", srcip: "203.0.113.13" });
  assert.deepEqual(fields(`${H}banner exchange: Connection from 203.0.113.10 port 41000: invalid format`), { srcip: "203.0.113.10", srcport: "41000" });
  assert.deepEqual(fields(`${H}reverse mapping checking getaddrinfo for host.example [203.0.113.14] failed - POSSIBLE BREAK-IN ATTEMPT!`), { srcip: "203.0.113.14" });
});

test("sshd: a user name that imitates sshd's text does not change the address", () => {
  const fake = "x from 198.51.100.1 port 22";
  assert.equal(fields(`${H}Invalid user ${fake} from 203.0.113.19 port 46000`)["srcip"], "203.0.113.19");
  assert.equal(fields(`${H}Failed password for invalid user ${fake} ssh2 from 203.0.113.19 port 46000 ssh2`)["srcip"], "203.0.113.19");
  assert.equal(fields(`${H}Failed password for invalid user ${fake} from 203.0.113.19 port 46000 ssh2`)["dstuser"], fake);
  assert.equal(fields(`${H}Connection closed by invalid user x 198.51.100.1 port 22 203.0.113.19 port 46000 [preauth]`)["srcip"], "203.0.113.19");
  assert.equal(fields(`${H}User x from 198.51.100.1 from 203.0.113.19 not allowed because not listed in AllowUsers`)["srcip"], "203.0.113.19");
  assert.equal(fields(`${H}error: maximum authentication attempts exceeded for ${fake} from 203.0.113.19 port 46000 ssh2 [preauth]`)["srcip"], "203.0.113.19");
});

test("sshd: client text after the address (disconnect reason, offered algorithms) does not change it", () => {
  assert.equal(fields(`${H}Received disconnect from 203.0.113.7 port 52144:11: bye from 198.51.100.1 port 22 [preauth]`)["srcip"], "203.0.113.7");
  assert.equal(fields(`${H}Bad protocol version identification 'from 198.51.100.1 port 22' from 203.0.113.10 port 41001`)["srcip"], "203.0.113.10");
});

test("pam, sudo, su: service, accounts and source", () => {
  assert.deepEqual(fields("Nov 29 10:00:08 bastion sshd[1234]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=2001:db8::8  user=root"), { service: "sshd", pam_type: "auth", srcip: "2001:db8::8", dstuser: "root" });
  assert.deepEqual(fields("Nov 29 10:01:08 bastion sudo: pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)"), { service: "sudo", pam_type: "session", dstuser: "root", srcuser: "alice" });
  assert.deepEqual(fields("Nov 29 10:01:00 bastion sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx"), { srcuser: "alice", tty: "pts/0", pwd: "/home/alice", dstuser: "root", command: "/usr/bin/systemctl restart nginx" });
  assert.deepEqual(fields("Nov 29 10:01:11 bastion su[811]: FAILED SU (to root) mallory on pts/3"), { dstuser: "root", srcuser: "mallory", tty: "pts/3" });
});

test("web access: client, method, URL and status, plain, vhost and syslog forms", () => {
  const want = { srcip: "2001:db8::7", protocol: "GET", url: "/a?b=c", id: "404" };
  assert.deepEqual(fields('2001:db8::7 - - [29/Nov/2026:10:12:01 +0000] "GET /a?b=c HTTP/1.1" 404 153 "-" "-"'), want);
  assert.deepEqual(fields('www.example.com:443 2001:db8::7 - - [29/Nov/2026:10:12:01 +0000] "GET /a?b=c HTTP/1.1" 404 153 "-" "-"'), { ...want, srcip: "2001:db8::7" });
  assert.deepEqual(fields('Nov 29 10:12:01 web01 nginx: 2001:db8::7 - - [29/Nov/2026:10:12:01 +0000] "GET /a?b=c HTTP/1.1" 404 153 "-" "-"'), want);
  assert.deepEqual(fields('203.0.113.7 - - [29/Nov/2026:10:12:03 +0000] "\\x16\\x03\\x01" 400 157 "-" "-"'), { srcip: "203.0.113.7", id: "400" });
});

test("active-response log: the blocked address comes from the alert's data, never from its full_log", () => {
  const line = '2026/11/29 10:15:02 active-response/bin/firewall-drop: {"version":1,"command":"add","parameters":{"alert":{"full_log":"x \\"data\\":{\\"srcip\\":\\"198.51.100.1\\"}","data":{"dstuser":"root","srcip":"203.0.113.7"}},"program":"active-response/bin/firewall-drop"}}';
  const f = fields(line);
  assert.equal(f["srcip"], "203.0.113.7");
  assert.equal(f["dstuser"], "root");
  assert.equal(f["command"], "add");
  assert.equal(f["parameters.program"], "active-response/bin/firewall-drop");
  const forged = '2026/11/29 10:15:02 active-response/bin/firewall-drop: {"version":1,"command":"add","parameters":{"alert":{"full_log":"x \\"data\\":{\\"srcip\\":\\"198.51.100.1\\"}"},"program":"active-response/bin/firewall-drop"}}';
  assert.equal(fields(forged)["srcip"], undefined);
});
