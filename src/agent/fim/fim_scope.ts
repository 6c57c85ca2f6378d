/**
 * Which configured directory, if any, monitors a path: the deepest <directories> entry that
 * contains it, within its recursion_level, unless an <ignore> matches, its `restrict` does
 * not, or it lies in /proc, /sys or /dev (skip_proc, skip_sys, skip_dev; default yes).
 * Must not: touch the file system.
 */
import { relative, sep } from "node:path";
import type { SyscheckDirectory, SyscheckFilter } from "../../config/mod.ts";
import { compileIgnore, compileSregex, type PathTest } from "./path_filter.ts";

export type ScopeDirectory = Pick<SyscheckDirectory, "path" | "realtime" | "checks" | "recursionLevel" | "restrict">;

export interface ScopeSpec {
  readonly directories: readonly ScopeDirectory[];
  readonly ignore: readonly Pick<SyscheckFilter, "kind" | "value">[];
  readonly skipProc?: boolean;
  readonly skipSys?: boolean;
  readonly skipDev?: boolean;
}

export class FimScope {
  readonly #dirs: readonly ScopeDirectory[];
  readonly #ignored: PathTest;
  readonly #restrict: Map<ScopeDirectory, PathTest>;
  readonly #pseudo: readonly string[];

  constructor(spec: ScopeSpec) {
    this.#dirs = [...spec.directories].sort((a, b) => b.path.length - a.path.length);
    this.#ignored = compileIgnore(spec.ignore);
    this.#restrict = new Map(this.#dirs.flatMap((d) => (d.restrict ? [[d, compileSregex(d.restrict)] as const] : [])));
    this.#pseudo = [spec.skipProc ?? true ? "/proc" : "", spec.skipSys ?? true ? "/sys" : "", spec.skipDev ?? true ? "/dev" : ""].filter(Boolean);
  }

  /** The directory entry that monitors `path`, or undefined when nothing does. */
  owner(path: string): ScopeDirectory | undefined {
    const d = this.#dirs.find((x) => path === x.path || path.startsWith(x.path.endsWith(sep) ? x.path : x.path + sep));
    if (!d || this.#ignored(path) || this.#pseudo.some((p) => path === p || path.startsWith(`${p}/`))) return undefined;
    if (relative(d.path, path).split(sep).length - 1 > d.recursionLevel) return undefined;
    const r = this.#restrict.get(d);
    return r && !r(path) ? undefined : d;
  }
}
