/**
 * The built-in C checks a rule names with `<compiled_rule>` (semantics §1.5.1), written as
 * predicates over the rule input.
 */
import type { RuleInput } from "./rule_input.ts";

const CRAWLER_PREFIXES = ["66.249.", "72.14.", "209.85.", "65.55.", "207.46.", "74.6.", "72.30.", "67.195."];

export type CompiledCheck = (input: RuleInput) => boolean;

export const COMPILED_CHECKS: Readonly<Record<string, CompiledCheck>> = {
  /** A URL that is `/` or carries no query string. */
  is_simple_http_request: (input) => {
    const url = input.staticField("url");
    return url !== undefined && (url === "/" || !url.includes("?"));
  },
  /** A request from the address ranges of the big search-engine crawlers. */
  is_valid_crawler: (input) => CRAWLER_PREFIXES.some((p) => input.log.startsWith(p)),
  /** srcuser and dstuser both set and different (su to another account). */
  comp_srcuser_dstuser: (input) => {
    const src = input.staticField("srcuser");
    const dst = input.staticField("dstuser");
    return src !== undefined && dst !== undefined && src !== dst;
  },
  /** An id longer than the usual short numeric event ids. */
  check_id_size: (input) => (input.staticField("id")?.length ?? 0) >= 3,
  /** Windows: target user differs from the calling user. */
  comp_mswin_targetuser_calleruser_diff: (input) => {
    const target = input.dynamicField("win.eventdata.targetUserName");
    const caller = input.dynamicField("win.eventdata.subjectUserName");
    return target !== undefined && caller !== undefined && target.toLowerCase() !== caller.toLowerCase();
  },
};
