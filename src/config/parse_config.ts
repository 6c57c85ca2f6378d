/**
 * parseConfig: XML documents (already read, with positions) → a validated, deeply frozen
 * Config, or every diagnostic found. Pure: no I/O, no clock. Files are read in the order
 * given and sections in document order; several `<ossec_config>` roots and files merge.
 * When a document has XML errors, only the XML diagnostics are returned (a broken tree would
 * give misleading configuration errors).
 */
import { DiagnosticBag, sortDiagnostics, type Diagnostic, type SourceLocation } from "../core/mod.ts";
import type { XmlDocument, XmlElement } from "../xml/mod.ts";
import type { Config, Role, CommandConfig, LocalfileConfig } from "./types.ts";
import type { ParseContext } from "./context.ts";
import type { ArBlock } from "./active_response.ts";
import { parseActiveResponse } from "./active_response.ts";
import { parseCommand } from "./command.ts";
import { defaultGlobal, parseGlobal } from "./global.ts";
import { parseLocalfile } from "./localfile.ts";
import { defaultSyscheck, parseSyscheck } from "./syscheck.ts";
import { defaultRuleset, parseRuleset } from "./ruleset.ts";
import { defaultRemote, parseRemote } from "./remote.ts";
import { defaultAuth, parseAuth } from "./auth.ts";
import { defaultClient, parseClient } from "./client.ts";
import { defaultCluster, parseCluster } from "./cluster.ts";
import { defaultApi, parseApi } from "./api.ts";
import { execdSettings, resolveBindings, uniqueCommands, type Sequenced } from "./cross_check.ts";
import { checkAttributes, unknownElement } from "./section.ts";
import { deepFreeze } from "./deep_freeze.ts";

export interface ParseConfigOptions {
  /** Which daemon reads the configuration; sections of the other role are warnings. */
  readonly role: Role;
}

export interface ConfigResult {
  /** Present only when there is no error (warnings allowed). Deeply frozen. */
  readonly config?: Config;
  /** Every diagnostic, sorted by file, line and column. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Wazuh top-level sections Riposte does not implement: a warning each, then ignored. */
export const UNSUPPORTED_SECTIONS: readonly string[] = [
  "alerts", "logging", "rootcheck", "wodle", "client_buffer", "labels", "sca", "vulnerability-detection",
  "vulnerability-detector", "indexer", "integration", "reports", "database_output", "email_alerts", "syslog_output",
  "socket", "agentless", "gcp-pubsub", "gcp-bucket", "github", "office365", "ms-graph", "aws-s3", "azure-logs",
  "docker-listener", "osquery", "syscollector", "cis-cat", "fluent-forward", "task-manager", "anti_tampering",
  "agent-upgrade", "upgrade", "rule_test", "logtest", "wazuh_db", "open-scap", "ciscat", "multigroups", "rootcheck_ignore",
];

type Drafts = ReturnType<typeof emptyDrafts>;

function emptyDrafts() {
  return {
    global: defaultGlobal(), syscheck: defaultSyscheck(), ruleset: defaultRuleset(), remote: defaultRemote(),
    auth: defaultAuth(), client: defaultClient(), cluster: defaultCluster(), api: defaultApi(),
    commands: [] as Sequenced<CommandConfig>[], blocks: [] as Sequenced<ArBlock>[], localfiles: [] as LocalfileConfig[],
    secureRemoteAt: undefined as SourceLocation | undefined, seq: 0,
  };
}

export function parseConfig(docs: readonly XmlDocument[], options: ParseConfigOptions): ConfigResult {
  const xml = docs.flatMap((d) => d.diagnostics);
  if (xml.some((d) => d.severity === "error")) return { diagnostics: sortDiagnostics(xml) };
  const bag = new DiagnosticBag();
  bag.addAll(xml);
  const ctx: ParseContext = { bag, role: options.role };
  const drafts = emptyDrafts();
  for (const doc of docs) readDocument(doc, drafts, ctx);
  const commands = uniqueCommands(drafts.commands, bag);
  // The agent ignores bindings (CFG_ROLE_IGNORED): their commands need not be defined there.
  const activeResponses = options.role === "manager" ? resolveBindings(drafts.blocks, commands, bag) : [];
  if (options.role === "agent" && drafts.client.servers.length === 0 && !bag.hasErrors) {
    const root = docs.flatMap((d) => d.roots).find((r) => r.name === "ossec_config");
    bag.error("CFG_MISSING_OPTION", "Cannot run an agent without a manager: <client><server><address> is missing", drafts.client.at ?? root?.location, "add <client><server><address>192.0.2.10</address></server></client>");
  }
  const diagnostics = sortDiagnostics(bag.list);
  if (bag.hasErrors) return { diagnostics };
  const config: Config = {
    role: options.role,
    files: docs.map((d) => d.file),
    global: drafts.global,
    commands: commands.map((c) => c.item),
    activeResponses,
    execd: execdSettings(drafts.blocks),
    localfiles: drafts.localfiles,
    syscheck: drafts.syscheck,
    ruleset: drafts.ruleset,
    remote: drafts.remote,
    auth: drafts.auth,
    client: drafts.client,
    cluster: drafts.cluster,
    api: drafts.api,
  };
  return { config: deepFreeze(config), diagnostics };
}

/**
 * The role a configuration is written for, when the operator did not say: agent when it has
 * a `<client>` section and no `<remote>` section, else manager.
 */
export function guessRole(docs: readonly XmlDocument[]): Role {
  const sections = docs.flatMap((d) => d.roots).filter((r) => r.name === "ossec_config").flatMap((r) => r.children.map((c) => c.name));
  return sections.includes("client") && !sections.includes("remote") ? "agent" : "manager";
}

function readDocument(doc: XmlDocument, drafts: Drafts, ctx: ParseContext): void {
  if (!doc.roots.some((r) => r.name === "ossec_config")) {
    ctx.bag.error("CFG_NO_OSSEC_CONFIG", "Cannot find <ossec_config> in this file", doc.roots[0]?.location ?? { file: doc.file, line: 1, column: 1 }, "wrap the configuration in <ossec_config> … </ossec_config>");
  }
  for (const root of doc.roots) {
    if (root.name === "ossec_config") {
      checkAttributes(root, [], ctx.bag);
      for (const section of root.children) readSection(section, drafts, ctx);
    } else if (root.name === "agent_config") {
      ctx.bag.warning("CFG_UNSUPPORTED_SECTION", "Centralised <agent_config> is not supported by Riposte: it is ignored", root.location);
    } else if (doc.roots.some((r) => r.name === "ossec_config")) {
      unknownElement(root, "the file", ["ossec_config"], ctx.bag);
    }
  }
}

const SECTIONS: Readonly<Record<string, (el: XmlElement, d: Drafts, ctx: ParseContext) => void>> = {
  global: (el, d, ctx) => parseGlobal(el, d.global, roleCheck(el, "manager", ctx)),
  command: (el, d, ctx) => {
    const command = parseCommand(el, roleCheck(el, "manager", ctx));
    if (command) d.commands.push({ seq: d.seq, item: command });
  },
  "active-response": (el, d, ctx) => d.blocks.push({ seq: d.seq, item: parseActiveResponse(el, ctx) }),
  localfile: (el, d, ctx) => {
    const localfile = parseLocalfile(el, ctx);
    if (localfile) d.localfiles.push(localfile);
  },
  syscheck: (el, d, ctx) => parseSyscheck(el, d.syscheck, ctx),
  ruleset: (el, d, ctx) => parseRuleset(el, d.ruleset, roleCheck(el, "manager", ctx)),
  remote: (el, d, ctx) => (d.secureRemoteAt = parseRemote(el, d.remote, d.secureRemoteAt, ctx) ?? d.secureRemoteAt),
  auth: (el, d, ctx) => parseAuth(el, d.auth, ctx),
  client: (el, d, ctx) => parseClient(el, d.client, ctx),
  cluster: (el, d, ctx) => parseCluster(el, d.cluster, ctx),
  api: (el, d, ctx) => parseApi(el, d.api, ctx),
};

function readSection(el: XmlElement, drafts: Drafts, ctx: ParseContext): void {
  drafts.seq++;
  const parse = Object.hasOwn(SECTIONS, el.name) ? SECTIONS[el.name] : undefined;
  if (parse) {
    checkAttributes(el, [], ctx.bag);
    parse(el, drafts, ctx);
  } else if (UNSUPPORTED_SECTIONS.includes(el.name)) {
    ctx.bag.warning("CFG_UNSUPPORTED_SECTION", `<${el.name}> is not supported by Riposte: the section is ignored`, el.location);
  } else {
    unknownElement(el, "ossec_config", [...Object.keys(SECTIONS), ...UNSUPPORTED_SECTIONS], ctx.bag);
  }
}

/** Warns once per section read only by `reader` when parsing for the other role. */
function roleCheck(el: XmlElement, reader: Role, ctx: ParseContext): ParseContext {
  if (ctx.role !== reader) ctx.bag.warning("CFG_ROLE_IGNORED", `<${el.name}> is read by the ${reader} only: the ${ctx.role} ignores it`, el.location);
  return ctx;
}
