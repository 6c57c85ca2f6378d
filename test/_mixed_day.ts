// A deterministic day of mixed sshd traffic on host "bastion" for the replay and safety
// tests, as syslog lines and as the same entries in a journald JSON export: legitimate
// logins from 10.x every ~20 s, an attacker per hour (some return: repeated offenders), an
// attacker who later logs in (false positive), one who comes back while blocked (renewal),
// one from a private range, brute forces from the manager's own address, a protected and a
// whitelisted address, a distributed guess of one account, and from 14:00 a storm of 40 addresses, one a minute (the sshd brute-force
// rule fires at most once a minute: ignore="60"), which trips a 5-per-10-minutes breaker.

import { seededRandom as rng } from "./harness/seeded_random.ts";

/** Start of the day (UTC): the year of the yearless syslog stamps is taken near it. */
export const START = Date.UTC(2026, 10, 28, 0, 0, 0);

export const SAFETY_CONF = `<ossec_config>
  <global>
    <white_list>198.51.100.0/24</white_list>
    <protected_networks>192.0.2.128/25</protected_networks>
    <ar_max_per_window>5</ar_max_per_window>
    <ar_breaker_window>600</ar_breaker_window>
    <ar_breaker_quiet>300</ar_breaker_quiet>
  </global>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <command><name>host-deny</name><executable>host-deny</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response>
    <command>firewall-drop</command><location>local</location><rules_id>5763,5712</rules_id><timeout>600</timeout>
    <repeated_offenders>30,60</repeated_offenders>
  </active-response>
  <active-response>
    <command>host-deny</command><location>local</location><rules_id>5720</rules_id><timeout>300</timeout><dry_run>yes</dry_run>
  </active-response>
</ossec_config>
`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

function stamp(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

interface Ev {
  readonly at: number;
  readonly pid: number;
  readonly msg: string;
}

export interface MixedDay {
  readonly lines: string[];
  readonly journal: string[];
  readonly insider: string;
  readonly privateAttacker: string;
}

export function mixedDay(seed = 7): MixedDay {
  const r = rng(seed);
  const ev: Ev[] = [];
  const at = (h: number, m = 0, s = 0) => START + ((h * 60 + m) * 60 + s) * 1000;
  const fail = (t: number, ip: string, user = "root") => ev.push({ at: t, pid: 2000 + Math.floor(r() * 5000), msg: `Failed password for ${user} from ${ip} port ${1024 + Math.floor(r() * 60000)} ssh2` });
  const burst = (t: number, ip: string, n = 10, user = "root") => {
    for (let i = 0; i < n; i++) fail(t + i * 3000, ip, user);
  };
  for (let t = START; t < START + 86_400_000; t += 10_000 + Math.floor(r() * 20_000)) {
    const ip = `10.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
    const user = ["alice", "bob", "deploy", "ops"][Math.floor(r() * 4)] ?? "ops";
    ev.push({ at: t, pid: 1000 + Math.floor(r() * 900), msg: r() < 0.5 ? `Accepted publickey for ${user} from ${ip} port 50000 ssh2` : `pam_unix(sshd:session): session opened for user ${user} by (uid=0)` });
  }
  for (let h = 0; h < 24; h++) burst(at(h, 17), `203.0.113.${h % 8 === 0 ? 1 : 10 + h}`);
  const insider = "203.0.113.200";
  burst(at(3, 30), insider);
  ev.push({ at: at(5, 5), pid: 4444, msg: `Accepted password for deploy from ${insider} port 40000 ssh2` });
  const privateAttacker = "172.16.5.5";
  burst(at(7, 40), privateAttacker);
  burst(at(9, 40), "192.0.2.1", 20);
  burst(at(10, 40), "192.0.2.200");
  burst(at(11, 40), "198.51.100.7");
  for (let i = 0; i < 9; i++) fail(at(12, 40, i * 5), `203.0.115.${20 + i}`, "oracle");
  burst(at(18, 30), "203.0.116.1");
  burst(at(18, 35), "203.0.116.1"); // back while still blocked: the block is renewed
  for (let k = 0; k < 40; k++) for (let i = 0; i < 8; i++) fail(at(14, 0, k * 61) + i * 100, `203.0.114.${k + 1}`, `user${k}`);
  ev.sort((a, b) => a.at - b.at);
  return {
    lines: ev.map((e) => `${stamp(e.at)} bastion sshd[${e.pid}]: ${e.msg}`),
    journal: ev.map((e, i) => JSON.stringify({
      __CURSOR: `s=1;i=${i.toString(16)};t=${(e.at * 1000).toString(16)}`, __REALTIME_TIMESTAMP: String(e.at * 1000),
      _HOSTNAME: "bastion", SYSLOG_IDENTIFIER: "sshd", _PID: String(e.pid), MESSAGE: e.msg,
    })),
    insider, privateAttacker,
  };
}
