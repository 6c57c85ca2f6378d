/**
 * A loaded ruleset: the frozen decoder set, rule tree and CDB lists, with every diagnostic
 * found while loading and the files that went in (in load order). Shared read-only by every
 * engine (session) built on it.
 */
import type { Diagnostic } from "../core/mod.ts";
import type { DecoderSet } from "./decoders/mod.ts";
import type { CdbList } from "./lists/mod.ts";
import type { RuleTree } from "./rules/mod.ts";

export interface Ruleset {
  readonly decoders: DecoderSet;
  readonly rules: RuleTree;
  /** Lists by the name rules use (`etc/lists/audit-keys`). */
  readonly lists: ReadonlyMap<string, CdbList>;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: { readonly decoders: readonly string[]; readonly rules: readonly string[]; readonly lists: readonly string[] };
}
