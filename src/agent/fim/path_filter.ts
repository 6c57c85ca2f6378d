/**
 * Which paths FIM skips: <ignore> entries (a plain path prefix, compared as Wazuh's agent does
 * on Linux: byte-wise, case-sensitive) and <ignore type="sregex"> (OS_Match on the full path:
 * alternatives split on "|", "^" and "$" anchors, a leading "!" negates, case-insensitive
 * ASCII), and a directory's `restrict` (an sregex a file's full path must match).
 * Must not: touch the file system.
 */
import type { SyscheckFilter } from "../../config/mod.ts";

export type PathTest = (path: string) => boolean;

/** Compiles an OS_Match ("sregex") pattern (see docs/wazuh-ruleset-semantics §2.2). */
export function compileSregex(pattern: string): PathTest {
  const negate = pattern.startsWith("!");
  const body = negate ? pattern.slice(1) : pattern;
  const alternatives = body.split("|").map((alt) => {
    const start = alt.startsWith("^");
    const end = alt.endsWith("$") && alt.length > (start ? 1 : 0);
    const core = alt.slice(start ? 1 : 0, end ? -1 : undefined).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    return `${start ? "^" : ""}${core}${end ? "$" : ""}`;
  });
  const re = new RegExp(alternatives.join("|"), "i");
  return (path) => re.test(path) !== negate;
}

/** True when `path` is ignored by any of the filters. */
export function compileIgnore(filters: readonly Pick<SyscheckFilter, "kind" | "value">[]): PathTest {
  const tests = filters.map((f): PathTest => (f.kind === "sregex" ? compileSregex(f.value) : (p) => p.startsWith(f.value)));
  return (path) => tests.some((t) => t(path));
}
