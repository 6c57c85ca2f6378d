/**
 * Wazuh's SymantecWS_Decoder plug-in (Symantec Web Security): `10=` user, `11=` source
 * address, `60=` URL, and the first `3=`/`2=` entry (9 characters) as id; first value wins.
 * Example: `20070717,73613,1=5,11=10.1.1.3,10=userc,3=1,2=1`. Our own parser. Must not: throw.
 */
import type { PluginDecoder } from "./plugin.ts";

export const symantecWsDecoder: PluginDecoder = (input, sink) => {
  const log = input.log;
  // Wazuh compat: the C code searches the first comma twice from the same place, so only the
  // date is skipped and the time field is read as an (ignored) entry.
  const first = log.indexOf(",");
  if (first < 0) return;
  let p = first + 1;
  for (;;) {
    if (log.startsWith("3=", p) || log.startsWith("2=", p)) {
      if (!sink.hasStatic("id")) sink.setStatic("id", log.slice(p, p + 9));
      p = Math.min(p + 9, log.length);
    } else {
      take(log, p, sink);
    }
    const next = log.indexOf(",", p);
    if (next < 0) return;
    p = next + 1;
  }
};

function field(log: string, p: number, max: number): string {
  const end = log.indexOf(",", p);
  return log.slice(p, Math.min(end < 0 ? log.length : end, p + max));
}

function take(log: string, p: number, sink: Parameters<PluginDecoder>[1]): void {
  if (log.startsWith("10=", p)) {
    if (!sink.hasStatic("dstuser")) sink.setStatic("dstuser", field(log, p + 3, 128));
  } else if (log.startsWith("11=", p)) {
    if (!sink.hasStatic("srcip")) sink.setStatic("srcip", field(log, p + 3, 128));
  } else if (log.startsWith("60=", p)) {
    if (!sink.hasStatic("url")) sink.setStatic("url", field(log, p + 3, 1024));
  }
}
