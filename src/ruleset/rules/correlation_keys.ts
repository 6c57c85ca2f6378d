/**
 * Maps Wazuh's `same_*` / `different_*` / `not_same_*` element names to the event value they
 * compare (semantics §1.5.5). `same_agent`/`not_same_agent` are deprecated no-ops.
 */
import type { CorrelationKey } from "./rule_spec.ts";

const SUFFIX: Readonly<Record<string, CorrelationKey>> = {
  source_ip: "srcip",
  srcip: "srcip",
  dstip: "dstip",
  dst_ip: "dstip",
  srcport: "srcport",
  src_port: "srcport",
  dstport: "dstport",
  dst_port: "dstport",
  protocol: "protocol",
  action: "action",
  id: "id",
  url: "url",
  data: "data",
  extra_data: "extra_data",
  status: "status",
  system_name: "system_name",
  systemname: "system_name",
  srcuser: "srcuser",
  user: "dstuser",
  location: "location",
  srcgeoip: "srcgeoip",
  dstgeoip: "dstgeoip",
};

export type CorrelationElement =
  | { readonly kind: "same" | "different"; readonly key: CorrelationKey }
  | { readonly kind: "same_field" | "different_field" }
  | { readonly kind: "noop" };

/** Classifies a lower-cased element name; undefined when it is not a correlation element. */
export function correlationElement(name: string): CorrelationElement | undefined {
  if (name === "same_field") return { kind: "same_field" };
  if (name === "different_field" || name === "not_same_field") return { kind: "different_field" };
  if (name === "same_agent" || name === "not_same_agent") return { kind: "noop" };
  for (const [prefix, kind] of [["not_same_", "different"], ["same_", "same"], ["different_", "different"]] as const) {
    if (!name.startsWith(prefix)) continue;
    const key = SUFFIX[name.slice(prefix.length)];
    return key ? { kind, key } : undefined;
  }
  return undefined;
}
