import { test } from "node:test";
import assert from "node:assert/strict";
import { FieldBag } from "../field_bag.ts";
import { pluginDecoders, type PluginName, type PluginOutcome } from "./mod.ts";

function run(name: PluginName, log: string) {
  const bag = new FieldBag();
  const outcome: PluginOutcome = {};
  pluginDecoders[name]({ input: log, log, jsonNull: "string", jsonArray: "array", hostname: "h", location: "/var/log/x" }, bag, outcome);
  return { fields: Object.fromEntries(bag.fields), outcome };
}

test("PF_Decoder reads action, addresses, ports and protocol", () => {
  assert.deepEqual(run("PF_Decoder", "Mar 30 15:54:22.171929 rule 3/(match) pass out on xl0: 192.168.2.10.1514 > 192.168.2.190.1030:  udp 73").fields, {
    action: "pass", srcip: "192.168.2.10", srcport: "1514", dstip: "192.168.2.190", dstport: "1030", protocol: "UDP",
  });
  assert.deepEqual(run("PF_Decoder", "rule 2/(match) block in on lo0: 127.0.0.1 > 127.0.0.1: icmp: echo reply").fields, {
    action: "block", srcip: "127.0.0.1", dstip: "127.0.0.1", protocol: "ICMP",
  });
});

test("SonicWall_Decoder reads status, id, addresses and sets the category", () => {
  const r = run("SonicWall_Decoder", 'id=firewall sn=000SERIAL time="2007-01-03 14:48:06" fw=1.1.1.1 pri=6 c=262144 m=98 msg="Connection Opened" n=23419 src=2.2.2.2:36701:WAN dst=1.1.1.1:50000:WAN proto=tcp/50000');
  assert.deepEqual(r.fields, { status: "6", id: "98", srcip: "2.2.2.2", srcport: "36701", dstip: "1.1.1.1", dstport: "50000", protocol: "tcp", action: "pass" });
  assert.equal(r.outcome.type, "firewall");
});

test("SymantecWS_Decoder reads user, srcip, url and the id entry", () => {
  assert.deepEqual(run("SymantecWS_Decoder", "20070717,73613,1=5,11=10.1.1.3,10=userc,3=1,2=1").fields, { srcip: "10.1.1.3", dstuser: "userc", id: "3=1,2=1" });
  assert.deepEqual(run("SymantecWS_Decoder", "20070717,73614,1=5,11=1.2.3.4,1106=News,60=http://news.bbc.co.uk/,10=userX,1000=212.58.240.42,2=27").fields, {
    srcip: "1.2.3.4", url: "http://news.bbc.co.uk/", dstuser: "userX", id: "2=27",
  });
});

test("OSSECAlert_Decoder reads the forwarded rule, location, srcip, user and log", () => {
  const r = run("OSSECAlert_Decoder", "Alert Level: 10; Rule: 5503 - User login failed.; Location: (srv) 10.0.0.6->/var/log/secure; srcip: 10.0.0.1; user: root;  Nov 11 sshd: failed");
  assert.deepEqual(r.fields, { srcip: "10.0.0.1", dstuser: "root" });
  assert.equal(r.outcome.generatedRuleId, "5503");
  assert.equal(r.outcome.location, "h->/var/log/x|(srv) 10.0.0.6->/var/log/secure");
  assert.equal(r.outcome.log, "Nov 11 sshd: failed");
});

test("plug-ins never throw on hostile input", () => {
  for (const name of Object.keys(pluginDecoders) as PluginName[]) {
    for (const l of ["", ")", ") p: x", "Alert Level: ;", "a,b,3=", "pri=1 c=32 m=97 src=1.1.1.1:1:x dst=2.2.2.2:2:y", "x".repeat(100000)]) run(name, l);
  }
});
