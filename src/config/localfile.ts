/**
 * `<localfile>`: one log source (file or glob, journald, command output). Formats Riposte
 * does not read are warnings and the source is skipped, so a Wazuh configuration loads.
 * Must not: touch the file system (globs are expanded by the log collector).
 */
import type { XmlElement } from "../xml/mod.ts";
import type { Draft, ParseContext } from "./context.ts";
import type { JournaldFilter, LocalfileConfig, LogFormat } from "./types.ts";
import { DEFAULT_COMMAND_FREQUENCY_SECONDS } from "./defaults.ts";
import { walkSection } from "./section.ts";
import { attributeValue, parseBool, readBool, readInt, readText, valueOf } from "./values.ts";
import { didYouMeanValue } from "./did_you_mean.ts";

const READ: readonly LogFormat[] = ["syslog", "json", "journald", "command", "full_command"];
/** Wazuh formats Riposte does not read (yet). */
const NOT_READ = [
  "snort-full", "snort-fast", "squid", "iis", "eventlog", "eventchannel", "mysql_log", "postgresql_log",
  "nmapg", "apache", "audit", "djb-multilog", "multi-line-regex", "macos", "generic",
];

const UNSUPPORTED = ["target", "out_format", "label", "ignore_binaries", "age", "exclude", "reconnect_time", "query", "multiline_regex", "ignore", "restrict"];

export function parseLocalfile(el: XmlElement, ctx: ParseContext): LocalfileConfig | undefined {
  const { bag } = ctx;
  const draft: Draft<LocalfileConfig> = {
    logFormat: "syslog", hasWildcard: false, frequencySeconds: DEFAULT_COMMAND_FREQUENCY_SECONDS,
    onlyFutureEvents: true, filters: [], at: el.location,
  };
  let format: string | undefined;
  let skip = false;
  walkSection(el, {
    section: "localfile",
    repeatable: ["filter"],
    unsupported: UNSUPPORTED,
    attributes: { "only-future-events": ["max-size"], filter: ["field", "ignore_if_missing"] },
    options: {
      log_format: (c) => {
        format = readText(c, bag);
        if (format !== undefined) skip = !readFormat(c, format, draft, ctx) || skip;
      },
      location: (c) => (draft.location = readText(c, bag) ?? draft.location),
      command: (c) => (draft.command = readText(c, bag) ?? draft.command),
      alias: (c) => (draft.alias = readText(c, bag) ?? draft.alias),
      frequency: (c) => (draft.frequencySeconds = readInt(c, bag, { min: 1, max: 31_536_000, unit: "seconds" }) ?? draft.frequencySeconds),
      "only-future-events": (c) => (draft.onlyFutureEvents = readBool(c, bag) ?? draft.onlyFutureEvents),
      filter: (c) => {
        const filter = readFilter(c, ctx);
        if (filter) draft.filters.push(filter);
      },
    },
  }, bag);
  if (!el.children.some((c) => c.name === "log_format")) {
    bag.error("CFG_MISSING_OPTION", "Cannot define <localfile>: <log_format> is missing", el.location, "add <log_format>syslog</log_format>");
    return undefined;
  }
  if (format === undefined || skip || !checkTarget(el, draft, ctx)) return undefined;
  return draft;
}

/** Sets logFormat; returns false when the source must be skipped. */
function readFormat(c: XmlElement, format: string, draft: Draft<LocalfileConfig>, ctx: ParseContext): boolean {
  const at = valueOf(c).at;
  const multi = /^multi-line:\s*(\d+)$/.exec(format);
  if (multi) {
    const count = Number(multi[1]);
    if (count < 1 || count > 1024) {
      ctx.bag.error("CFG_OUT_OF_RANGE", `Cannot use log_format "${format}": the line count must be between 1 and 1024`, at);
      return false;
    }
    ctx.bag.warning("CFG_UNSUPPORTED_VALUE", `log_format "${format}" is not supported by Riposte yet: this <localfile> is ignored`, at);
    return false;
  }
  const known = READ.find((f) => f === format);
  if (known) {
    draft.logFormat = known;
    return true;
  }
  if (NOT_READ.includes(format) || format.startsWith("multi-line")) {
    ctx.bag.warning("CFG_UNSUPPORTED_VALUE", `log_format "${format}" is not supported by Riposte: this <localfile> is ignored`, at);
    return false;
  }
  const hint = didYouMeanValue(format, READ) ?? `write one of ${READ.join(", ")}`;
  ctx.bag.error("CFG_INVALID_VALUE", `Cannot use log_format "${format}": unknown format`, at, hint);
  return false;
}

/** Checks location/command against the format; false = skip (an error or warning was given). */
function checkTarget(el: XmlElement, draft: Draft<LocalfileConfig>, ctx: ParseContext): boolean {
  const isCommand = draft.logFormat === "command" || draft.logFormat === "full_command";
  const needed = isCommand ? "command" : "location";
  if (!el.children.some((c) => c.name === needed)) {
    ctx.bag.error("CFG_MISSING_OPTION", `Cannot define <localfile> with log_format ${draft.logFormat}: <${needed}> is missing`, el.location);
    return false;
  }
  const location = draft.location;
  if (isCommand || location === undefined) return draft[needed] !== undefined;
  const locationEl = el.children.find((c) => c.name === "location");
  const at = locationEl ? valueOf(locationEl).at : el.location;
  if (draft.logFormat === "journald" && location !== "journald") {
    ctx.bag.error("CFG_INVALID_VALUE", `Cannot use location "${location}" with log_format journald`, at, "write <location>journald</location>");
    return false;
  }
  if (draft.logFormat !== "journald" && location === "journald") {
    ctx.bag.error("CFG_INVALID_VALUE", `Cannot use location journald with log_format ${draft.logFormat}`, at, "write <log_format>journald</log_format>");
    return false;
  }
  if (/%[a-zA-Z]/.test(location)) {
    ctx.bag.warning("CFG_UNSUPPORTED_VALUE", `Date patterns in <location> ("${location}") are not supported by Riposte: this <localfile> is ignored`, at, "use a wildcard such as /var/log/app-*.log");
    return false;
  }
  draft.hasWildcard = /[*?[]/.test(location);
  return true;
}

function readFilter(c: XmlElement, ctx: ParseContext): JournaldFilter | undefined {
  const field = c.attributes.find((a) => a.name === "field");
  if (!field || field.value.trim() === "") {
    ctx.bag.error("CFG_MISSING_OPTION", "Cannot use <filter>: the field attribute is missing", c.location, "write <filter field=\"_SYSTEMD_UNIT\">^ssh.service$</filter>");
    return undefined;
  }
  const missing = c.attributes.find((a) => a.name === "ignore_if_missing");
  const ignoreIfMissing = missing ? parseBool(attributeValue(missing), "ignore_if_missing", ctx.bag) ?? false : false;
  const expression = readText(c, ctx.bag);
  if (expression === undefined) return undefined;
  return { field: field.value.trim(), expression, ignoreIfMissing };
}
