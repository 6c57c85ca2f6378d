/**
 * Wazuh's OSSECAlert_Decoder plug-in: an alert forwarded as a syslog line
 * (`Alert Level: 10; Rule: 5503 - desc; Location: (agent) ip->file; srcip: x; user: y; log`)
 * gives the rule id that generated it, the forwarded location (appended to ours), srcip, user,
 * and the original log as the new log. Our own parser. Must not: throw.
 */
import type { PluginDecoder } from "./plugin.ts";

export const ossecAlertDecoder: PluginDecoder = (input, sink, outcome) => {
  const log = input.log;
  outcome.type = "ossec";
  if (!log.startsWith("Alert Level:")) return;
  let p = log.indexOf(";");
  if (p < 0) return;
  p = log.indexOf(":", p + 1);
  if (p < 0 || log[p + 1] !== " ") return;
  const idStart = p + 2;
  const idEnd = log.indexOf(" ", idStart);
  if (idEnd < 0) return;
  const ruleId = log.slice(idStart, idEnd);
  p = log.indexOf(";", idEnd);
  if (p < 0 || !log.startsWith(" Location: ", p + 1)) return;
  const locStart = p + 12;
  const locEnd = log.indexOf(";", locStart);
  if (locEnd < 0) return;
  const forwarded = log.slice(locStart, locEnd);
  const location = `${input.hostname}->${input.location}|${forwarded}`.slice(0, 255);
  p = locEnd + 1;
  while (log[p] === " " && log[p + 1] !== " ") {
    const valStart = p + 1;
    const valEnd = log.indexOf(";", valStart);
    if (valEnd < 0) return;
    const val = log.slice(valStart, valEnd);
    if (val.startsWith("srcip: ")) sink.setStatic("srcip", val.slice(7));
    if (val.startsWith("user: ")) sink.setStatic("dstuser", val.slice(6));
    p = valEnd + 1;
  }
  while (log[p] === " ") p++;
  outcome.generatedRuleId = ruleId;
  outcome.location = location;
  outcome.hostname = location;
  outcome.log = log.slice(p);
};
