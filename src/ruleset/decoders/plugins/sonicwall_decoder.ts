/**
 * Wazuh's SonicWall_Decoder plug-in: priority (as status), category and message id (as id),
 * source/destination address and port, protocol, and an action and category from the id.
 * Our own parser of the documented SonicWall key=value header. Must not: throw.
 */
import type { PluginDecoder } from "./plugin.ts";

const PRI_ID = /pri=(\d) c=(\d+) m=(\d+) /i;
const ADDRESSES = /src=(\d+\.\d+\.\d+\.\d+):(\d+):[^ ]+ dst=(\d+\.\d+\.\d+\.\d+):(\d+):/i;
const PROXY = /result=(\d+) dstname=([^ ]+) arg=([^ ]+)$/i;
const PROTO = /^proto=([A-Za-z0-9().\-@_]{1,6})/;

const PASS_IDS = new Set(["98", "597", "598"]);
const DROP_IDS = new Set(["36", "37", "38", "173", "174"]);

export const sonicwallDecoder: PluginDecoder = (input, sink, outcome) => {
  const log = input.log;
  outcome.type = "syslog";
  const head = PRI_ID.exec(log);
  if (!head) return;
  const [, status = "", category = "", id = ""] = head;
  sink.setStatic("status", status);
  sink.setStatic("id", id);
  const rest = log.slice(head.index + head[0].length - 1);
  const addr = ADDRESSES.exec(rest);
  if (!addr) return;
  sink.setStatic("srcip", addr[1] ?? "");
  sink.setStatic("srcport", addr[2] ?? "");
  sink.setStatic("dstip", addr[3] ?? "");
  sink.setStatic("dstport", addr[4] ?? "");
  const after = rest.slice(addr.index + addr[0].length - 1);
  const space = after.indexOf(" ");
  const proto = space >= 0 ? PROTO.exec(after.slice(space + 1)) : null;
  if (proto?.[1]) sink.setStatic("protocol", proto[1].split("/")[0] ?? "");
  if (category.slice(0, 7) === "32") outcome.type = "ids";
  else if (PASS_IDS.has(id)) setAction(sink, outcome, "pass");
  else if (DROP_IDS.has(id)) setAction(sink, outcome, "drop");
  else if (id === "537") setAction(sink, outcome, "close");
  else if (id === "97") proxy(after, sink, outcome);
};

function setAction(sink: Parameters<PluginDecoder>[1], outcome: Parameters<PluginDecoder>[2], action: string): void {
  outcome.type = "firewall";
  sink.setStatic("action", action);
}

function proxy(text: string, sink: Parameters<PluginDecoder>[1], outcome: Parameters<PluginDecoder>[2]): void {
  outcome.type = "squid";
  const m = PROXY.exec(text);
  if (!m) return;
  sink.setStatic("id", m[1] ?? "");
  sink.setStatic("url", `${m[2] ?? ""}${m[3] ?? ""}`);
}
