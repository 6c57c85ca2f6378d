/**
 * Wazuh's PF_Decoder plug-in (OpenBSD pf via tcpdump): action, source and destination address
 * and port (`a.b.c.d.port`), and the protocol guessed from the text after the addresses.
 * Example: `rule 2/(match) pass in on xl0: 140.211.166.3.6667 > 192.168.2.10.16290: P ...`.
 * Our own parser. Must not: throw.
 */
import type { FieldSink } from "../field_bag.ts";
import type { PluginDecoder } from "./plugin.ts";

export const pfDecoder: PluginDecoder = (input, sink) => {
  const log = input.log;
  let i = log.indexOf(")");
  if (i < 0 || log[i + 1] !== " ") return;
  i += 2;
  if (log[i] === "p") sink.setStatic("action", "pass");
  else if (log[i] === "b") sink.setStatic("action", "block");
  else return;
  i = log.indexOf(":", i);
  if (i < 0 || log[i + 1] !== " ") return;
  i += 2;
  const srcEnd = log.indexOf(" ", i);
  if (srcEnd < 0) return;
  setAddress(sink, log.slice(i, srcEnd), "srcip", "srcport");
  if (log[srcEnd + 1] !== ">" || log[srcEnd + 2] !== " ") return;
  const dstStart = srcEnd + 3;
  const dstEnd = log.indexOf(":", dstStart);
  if (dstEnd < 0) return;
  setAddress(sink, log.slice(dstStart, dstEnd), "dstip", "dstport");
  let p = dstEnd + 1;
  while (log[p] === " ") p++;
  if (p >= log.length) return;
  sink.setStatic("protocol", log[p] === "u" ? "UDP" : log[p] === "i" ? "ICMP" : "TCP");
};

/** `a.b.c.d.port` → address and port (the fourth dot separates them). */
function setAddress(sink: FieldSink, text: string, ipName: string, portName: string): void {
  let dots = 0;
  for (let k = 0; k < text.length; k++) {
    if (text[k] === "." && ++dots === 4) {
      sink.setStatic(ipName, text.slice(0, k));
      sink.setStatic(portName, text.slice(k + 1));
      return;
    }
  }
  sink.setStatic(ipName, text);
}
