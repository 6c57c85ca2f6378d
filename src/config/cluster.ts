/**
 * `<cluster>`: parsed and validated for compatibility. Riposte does not run a Wazuh cluster;
 * `node_name` is used as the origin name of responses. Enabling it is a warning.
 */
import type { XmlElement } from "../xml/mod.ts";
import type { Draft, ParseContext } from "./context.ts";
import type { ClusterConfig } from "./types.ts";
import { DEFAULT_CLUSTER_NAME, DEFAULT_CLUSTER_NODE_NAME, DEFAULT_CLUSTER_PORT } from "./defaults.ts";
import { walkSection } from "./section.ts";
import { readBool, readEnum, readPort, readText } from "./values.ts";
import { readHost } from "./client.ts";

export function defaultCluster(): Draft<ClusterConfig> {
  return { disabled: true, name: DEFAULT_CLUSTER_NAME, nodeName: DEFAULT_CLUSTER_NODE_NAME, nodeType: "master", port: DEFAULT_CLUSTER_PORT, bindAddr: "0.0.0.0", nodes: [] };
}

export function parseCluster(el: XmlElement, draft: Draft<ClusterConfig>, ctx: ParseContext): void {
  const { bag } = ctx;
  draft.at = el.location;
  walkSection(el, {
    section: "cluster",
    unsupported: ["key", "hidden", "haproxy_helper"],
    options: {
      disabled: (c) => {
        draft.disabled = readBool(c, bag) ?? draft.disabled;
        if (!draft.disabled) bag.warning("CFG_UNSUPPORTED_OPTION", "Wazuh cluster mode is not supported by Riposte: only <node_name> is used", c.location);
      },
      name: (c) => (draft.name = readText(c, bag) ?? draft.name),
      node_name: (c) => (draft.nodeName = readText(c, bag) ?? draft.nodeName),
      node_type: (c) => (draft.nodeType = readEnum(c, bag, ["master", "worker"]) ?? draft.nodeType),
      port: (c) => (draft.port = readPort(c, bag) ?? draft.port),
      bind_addr: (c) => (draft.bindAddr = readHost(c, ctx) ?? draft.bindAddr),
      nodes: (c) => readNodes(c, draft, ctx),
    },
  }, bag);
  if (ctx.role === "agent") bag.warning("CFG_ROLE_IGNORED", "<cluster> is read by the manager only: the agent ignores it", el.location);
}

function readNodes(el: XmlElement, draft: Draft<ClusterConfig>, ctx: ParseContext): void {
  walkSection(el, {
    section: "cluster/nodes",
    repeatable: ["node"],
    options: {
      node: (c) => {
        const host = readHost(c, ctx);
        if (host !== undefined) draft.nodes.push(host);
      },
    },
  }, ctx.bag);
}
