/**
 * Where a ruleset comes from (the `<ruleset>` section of ossec.conf, or `--ruleset DIR`), and
 * the resolution of a folder into a source: a Wazuh-style folder (`decoders/`, `rules/`,
 * `lists/`), or a Wazuh installation-like folder holding one as `ruleset/` beside `etc/`
 * (then the test harness settings of CORPUS-FORMAT.md apply: etc/local_*.xml, the
 * ruleset/testing/ruleset/test_* files, etc/ossec.conf's rule_exclude and lists, and the
 * rule-60000 patch for event-channel JSON lines).
 * Must not: parse decoders or rules (load_ruleset.ts does).
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { DiagnosticBag } from "../core/mod.ts";
import type { RulesetConfig as ConfigRuleset } from "../config/mod.ts";
import { readXml, type XmlElement } from "../xml/mod.ts";

export interface ListSource {
  /** The name rules use in `<list>` (`etc/lists/audit-keys`). */
  readonly name: string;
  readonly path: string;
}

export interface RulesetSource {
  /** Decoder folders (their `*.xml`) and single files. */
  readonly decoders: readonly string[];
  /** Rule folders (their `*.xml`) and single files. */
  readonly rules: readonly string[];
  /** File names (basenames) or paths left out (Wazuh decoder_exclude). */
  readonly decoderExclude?: readonly string[];
  /** File names (basenames) or paths left out (Wazuh rule_exclude). */
  readonly ruleExclude?: readonly string[];
  readonly lists: readonly ListSource[];
  /**
   * Wazuh test harness patch: rule 60000 of 0575-win-base_rules.xml matches `decoded_as json`
   * instead of the internal event-channel decoder, because such events arrive as JSON lines.
   */
  readonly eventchannelAsJson?: boolean;
}

const HARNESS_DEFAULT_LISTS = [
  "etc/lists/audit-keys",
  "etc/lists/malicious-ioc/malware-hashes",
  "etc/lists/malicious-ioc/malicious-ip",
  "etc/lists/malicious-ioc/malicious-domains",
];

/** Resolves one `--ruleset DIR`; undefined (with a diagnostic) when it is no ruleset. */
export function rulesetSourceOfDir(dir: string, bag: DiagnosticBag): RulesetSource | undefined {
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  if (isDir(join(dir, "ruleset")) && isDir(join(dir, "etc"))) return harnessSource(dir, bag);
  if (isDir(join(dir, "decoders")) || isDir(join(dir, "rules"))) {
    const lists = isDir(join(dir, "lists")) ? listFiles(join(dir, "lists")).map((p) => ({ name: `etc/lists/${relative(join(dir, "lists"), p)}`, path: p })) : [];
    return {
      decoders: isDir(join(dir, "decoders")) ? [join(dir, "decoders")] : [],
      rules: isDir(join(dir, "rules")) ? [join(dir, "rules")] : [],
      lists,
    };
  }
  bag.error("RULE_RULESET_NOT_FOUND", `Cannot load ruleset "${dir}": it has no decoders/ or rules/ folder, nor ruleset/ beside etc/`, { file: dir, line: 1, column: 1 });
  return undefined;
}

/** Several sources loaded as one (several `--ruleset` flags). */
export function mergeSources(sources: readonly RulesetSource[]): RulesetSource {
  return {
    decoders: sources.flatMap((s) => s.decoders),
    rules: sources.flatMap((s) => s.rules),
    decoderExclude: sources.flatMap((s) => s.decoderExclude ?? []),
    ruleExclude: sources.flatMap((s) => s.ruleExclude ?? []),
    lists: sources.flatMap((s) => s.lists),
    eventchannelAsJson: sources.some((s) => s.eventchannelAsJson),
  };
}

function harnessSource(dir: string, bag: DiagnosticBag): RulesetSource {
  const testing = join(dir, "ruleset", "testing", "ruleset");
  const tests = existsSync(testing) ? readdirSync(testing).sort() : [];
  const pick = (suffix: string) => tests.filter((f) => f.startsWith("test_") && f.endsWith(suffix)).map((f) => join(testing, f));
  const local = (name: string) => (existsSync(join(dir, "etc", name)) ? [join(dir, "etc", name)] : []);
  const conf = rulesetConfig(join(dir, "etc", "ossec.conf"), bag);
  const listNames = conf.lists.length > 0 ? conf.lists : HARNESS_DEFAULT_LISTS;
  return {
    decoders: [join(dir, "ruleset", "decoders"), ...local("local_decoder.xml"), ...pick("decoders.xml")],
    rules: [join(dir, "ruleset", "rules"), ...local("local_rules.xml"), ...pick("rules.xml")],
    decoderExclude: conf.decoderExclude,
    ruleExclude: conf.ruleExclude.length > 0 ? conf.ruleExclude : ["0215-policy_rules.xml"],
    lists: listNames.map((name) => ({ name, path: listPath(dir, name) })),
    eventchannelAsJson: true,
  };
}

function listPath(dir: string, name: string): string {
  const rel = name.startsWith("etc/lists/") ? name.slice("etc/lists/".length) : name;
  const shipped = join(dir, "ruleset", "lists", rel);
  return existsSync(shipped) ? shipped : join(dir, name);
}

interface HarnessConfig {
  lists: string[];
  ruleExclude: string[];
  decoderExclude: string[];
}

/** The `<ruleset>` lists and excludes of an ossec.conf (all `<ossec_config>` roots). */
function rulesetConfig(file: string, bag: DiagnosticBag): HarnessConfig {
  const out: HarnessConfig = { lists: [], ruleExclude: [], decoderExclude: [] };
  if (!existsSync(file)) return out;
  const doc = readXml(readFileSync(file, "utf8"), file, { dialect: "config" });
  bag.addAll(doc.diagnostics);
  const sections = doc.roots.flatMap((r) => r.children.filter((c) => c.name === "ruleset"));
  const texts = (s: XmlElement, name: string) => s.children.filter((c) => c.name === name).map((c) => c.text.trim());
  for (const s of sections) {
    out.lists.push(...texts(s, "list"));
    out.ruleExclude.push(...texts(s, "rule_exclude"));
    out.decoderExclude.push(...texts(s, "decoder_exclude"));
  }
  return out;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return listFiles(p);
      return name.endsWith(".cdb") || name.startsWith(".") ? [] : [p];
    });
}

/** The `<ruleset>` section of a loaded configuration (paths already resolved). */
export function rulesetSourceOfConfig(config: ConfigRuleset): RulesetSource {
  return {
    decoders: [...config.decoderDirs.map((d) => d.resolved), ...config.decoderFiles.map((f) => f.resolved)],
    rules: [...config.ruleDirs.map((d) => d.resolved), ...config.ruleFiles.map((f) => f.resolved)],
    decoderExclude: config.decoderExcludes.map((e) => e.name),
    ruleExclude: config.ruleExcludes.map((e) => e.name),
    lists: config.lists.map((l) => ({ name: l.path, path: configListPath(l) })),
  };
}

/**
 * Wazuh writes lists as `etc/lists/NAME`, relative to its install folder. When that does not
 * exist beside the configuration, the shipped layout is tried: `ruleset/lists/NAME` beside
 * the configuration's `etc/` (as harness sources do).
 */
function configListPath(l: ConfigRuleset["lists"][number]): string {
  if (existsSync(l.resolved) || !l.path.startsWith("etc/lists/")) return l.resolved;
  const shipped = join(dirname(l.at.file), "..", "ruleset", "lists", l.path.slice("etc/lists/".length));
  return existsSync(shipped) ? shipped : l.resolved;
}
