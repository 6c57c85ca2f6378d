/**
 * `<syscheck>`: file integrity monitoring settings. `<directories>` attributes are applied
 * in the order written (Wazuh compat: `check_all="no" check_size="yes"` keeps only size).
 * Several `<syscheck>` blocks merge. Must not: look at the file system.
 */
import type { XmlAttribute, XmlElement } from "../xml/mod.ts";
import type { Draft, ParseContext } from "./context.ts";
import type { SyscheckChecks, SyscheckConfig, SyscheckDirectory, SyscheckFilter } from "./types.ts";
import { DEFAULT_SYSCHECK_FREQUENCY_SECONDS, DEFAULT_SYSCHECK_MAX_EPS, DEFAULT_SYSCHECK_RECURSION_LEVEL, MAX_SYSCHECK_RECURSION_LEVEL } from "./defaults.ts";
import { walkSection } from "./section.ts";
import { attributeValue, commaList, parseBool, parseEnum, parseInt10, readBool, readDuration, readInt, readText, valueOf } from "./values.ts";

export function defaultSyscheck(): Draft<SyscheckConfig> {
  return {
    disabled: false, frequencySeconds: DEFAULT_SYSCHECK_FREQUENCY_SECONDS, scanOnStart: true, alertNewFiles: true,
    directories: [], ignore: [], nodiff: [], skipNfs: true, skipDev: true, skipProc: true, skipSys: true, maxEps: DEFAULT_SYSCHECK_MAX_EPS,
  };
}

const UNSUPPORTED = [
  "scan_time", "scan_day", "auto_ignore", "process_priority", "synchronization", "file_limit", "diff", "whodata",
  "windows_registry", "registry_ignore", "registry_limit", "database", "max_files_per_second", "allow_remote_prefilter_cmd",
  "prefilter_cmd", "windows_audit_interval", "max_audit_entries", "remove_old_diff",
];
const CHECK_ATTRIBUTES: Readonly<Record<string, readonly (keyof SyscheckChecks)[]>> = {
  check_all: ["md5", "sha1", "sha256", "size", "owner", "group", "perm", "mtime", "inode"],
  check_sum: ["md5", "sha1", "sha256"],
  check_md5sum: ["md5"], check_sha1sum: ["sha1"], check_sha256sum: ["sha256"],
  check_size: ["size"], check_owner: ["owner"], check_group: ["group"], check_perm: ["perm"],
  check_mtime: ["mtime"], check_inode: ["inode"],
};
const DIRECTORY_ATTRIBUTES = [
  "realtime", "report_changes", "restrict", "tags", "recursion_level", "follow_symbolic_link",
  ...Object.keys(CHECK_ATTRIBUTES), "whodata", "check_attrs", "diff_size_limit",
];

export function parseSyscheck(el: XmlElement, draft: Draft<SyscheckConfig>, ctx: ParseContext): void {
  const { bag } = ctx;
  const flag = (key: "disabled" | "scanOnStart" | "alertNewFiles" | "skipNfs" | "skipDev" | "skipProc" | "skipSys") => (c: XmlElement) => {
    draft[key] = readBool(c, bag) ?? draft[key];
  };
  walkSection(el, {
    section: "syscheck",
    repeatable: ["directories", "ignore", "nodiff"],
    unsupported: UNSUPPORTED,
    attributes: { directories: DIRECTORY_ATTRIBUTES, ignore: ["type"], nodiff: ["type"] },
    options: {
      disabled: flag("disabled"),
      frequency: (c) => (draft.frequencySeconds = readDuration(c, bag, 1) ?? draft.frequencySeconds),
      scan_on_start: flag("scanOnStart"),
      alert_new_files: flag("alertNewFiles"),
      skip_nfs: flag("skipNfs"), skip_dev: flag("skipDev"), skip_proc: flag("skipProc"), skip_sys: flag("skipSys"),
      max_eps: (c) => (draft.maxEps = readInt(c, bag, { min: 0, max: 1_000_000, unit: "events per second" }) ?? draft.maxEps),
      directories: (c) => draft.directories.push(...readDirectories(c, ctx)),
      ignore: (c) => pushFilter(c, draft.ignore, ctx),
      nodiff: (c) => pushFilter(c, draft.nodiff, ctx),
    },
  }, bag);
}

interface DirectoryOptions {
  realtime: boolean;
  reportChanges: boolean;
  checks: Draft<SyscheckChecks>;
  recursionLevel: number;
  restrict?: string;
  tags: string[];
  followSymbolicLink: boolean;
}

function readDirectories(c: XmlElement, ctx: ParseContext): SyscheckDirectory[] {
  const options: DirectoryOptions = {
    realtime: false, reportChanges: false, recursionLevel: DEFAULT_SYSCHECK_RECURSION_LEVEL, tags: [], followSymbolicLink: false,
    checks: { md5: true, sha1: true, sha256: true, size: true, owner: true, group: true, perm: true, mtime: true, inode: true },
  };
  for (const attr of c.attributes) applyAttribute(attr, options, ctx);
  const v = valueOf(c);
  const paths = commaList(v.text);
  if (paths.length === 0) ctx.bag.error("CFG_EMPTY_VALUE", "Cannot use <directories>: the value is empty", v.at);
  const out: SyscheckDirectory[] = [];
  for (const path of paths) {
    if (!path.startsWith("/")) {
      ctx.bag.error("CFG_INVALID_PATH", `Cannot monitor "${path}": the path must be absolute`, v.at, `write /${path.replace(/^\.?\/*/, "")}`);
      continue;
    }
    out.push({ path: path.length > 1 ? path.replace(/\/+$/, "") : path, ...options, checks: { ...options.checks }, tags: [...options.tags], at: v.at });
  }
  return out;
}

function applyAttribute(attr: XmlAttribute, o: DirectoryOptions, ctx: ParseContext): void {
  const v = attributeValue(attr);
  const what = `attribute ${attr.name}`;
  const checks = CHECK_ATTRIBUTES[attr.name];
  if (checks) {
    const on = parseBool(v, what, ctx.bag);
    if (on !== undefined) for (const k of checks) o.checks[k] = on;
    return;
  }
  switch (attr.name) {
    case "realtime": o.realtime = parseBool(v, what, ctx.bag) ?? o.realtime; return;
    case "report_changes": o.reportChanges = parseBool(v, what, ctx.bag) ?? o.reportChanges; return;
    case "follow_symbolic_link": o.followSymbolicLink = parseBool(v, what, ctx.bag) ?? o.followSymbolicLink; return;
    case "recursion_level": o.recursionLevel = parseInt10(v, what, ctx.bag, { min: 0, max: MAX_SYSCHECK_RECURSION_LEVEL }) ?? o.recursionLevel; return;
    case "restrict": o.restrict = v.text === "" ? o.restrict : v.text; return;
    case "tags": o.tags = commaList(v.text); return;
    case "whodata":
      if (parseBool(v, what, ctx.bag)) ctx.bag.warning("CFG_UNSUPPORTED_OPTION", "whodata is not supported by Riposte: the directory is watched in real time instead", attr.location);
      if (v.text === "yes") o.realtime = true;
      return;
    case "check_attrs":
    case "diff_size_limit":
      ctx.bag.warning("CFG_UNSUPPORTED_OPTION", `<directories ${attr.name}> is not supported by Riposte: it is ignored`, attr.location);
  }
}

function pushFilter(c: XmlElement, list: SyscheckFilter[], ctx: ParseContext): void {
  const typeAttr = c.attributes.find((a) => a.name === "type");
  const kind = typeAttr ? parseEnum(attributeValue(typeAttr), `<${c.name}> type`, ctx.bag, ["sregex"]) : "path";
  const value = readText(c, ctx.bag);
  if (kind === undefined || value === undefined) return;
  list.push({ kind: kind === "sregex" ? "sregex" : "path", value, at: valueOf(c).at });
}
