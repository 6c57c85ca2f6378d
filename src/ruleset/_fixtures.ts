/**
 * Test fixture (private to ruleset/ tests): writes decoder, rule and list texts to a fresh
 * temporary Wazuh-style folder and loads it, so tests exercise the real loader.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DiagnosticBag } from "../core/mod.ts";
import { loadRuleset } from "./load_ruleset.ts";
import type { Ruleset } from "./ruleset.ts";
import { rulesetSourceOfDir } from "./ruleset_source.ts";

export interface FixtureFiles {
  /** File name → content, under decoders/. */
  readonly decoders?: Readonly<Record<string, string>>;
  /** File name → content, under rules/. */
  readonly rules?: Readonly<Record<string, string>>;
  /** Relative path → content, under lists/ (named `etc/lists/<path>`). */
  readonly lists?: Readonly<Record<string, string>>;
}

export const TEMPLATES = `<group name="syslog,"><rule id="1" level="0" noalert="1"><category>syslog</category><description>syslog</description></rule></group>
<group name="firewall,"><rule id="2" level="0" noalert="1"><category>firewall</category><description>firewall</description></rule></group>`;

export function writeFixture(files: FixtureFiles): string {
  const dir = mkdtempSync(join(tmpdir(), "riposte-ruleset-"));
  const put = (sub: string, entries: Readonly<Record<string, string>> | undefined) => {
    mkdirSync(join(dir, sub), { recursive: true });
    for (const [name, text] of Object.entries(entries ?? {})) {
      mkdirSync(dirname(join(dir, sub, name)), { recursive: true });
      writeFileSync(join(dir, sub, name), text);
    }
  };
  put("decoders", files.decoders);
  put("rules", { "0010-rules_config.xml": TEMPLATES, ...files.rules });
  put("lists", files.lists);
  return dir;
}

export function fixtureRuleset(files: FixtureFiles): Ruleset {
  const bag = new DiagnosticBag();
  const source = rulesetSourceOfDir(writeFixture(files), bag);
  if (!source) throw new Error("fixture is not a ruleset");
  return loadRuleset(source);
}
