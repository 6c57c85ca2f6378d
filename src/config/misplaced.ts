/**
 * Hints for options written in the wrong section (`<white_list>` directly in
 * `<ossec_config>`, `<timeout_allowed>` in `<active-response>`). A hint table only: which
 * options a section accepts is decided by the section files.
 */

/** Option → the section(s) where it belongs, for the most common misplacements. */
const HOME_OF: Readonly<Record<string, string>> = {
  white_list: "global",
  jsonout_output: "global",
  name: "command",
  executable: "command",
  timeout_allowed: "command",
  extra_args: "command",
  rules_id: "active-response",
  rules_group: "active-response",
  level: "active-response",
  timeout: "active-response",
  agent_id: "active-response",
  repeated_offenders: "active-response",
  log_format: "localfile",
  location: "active-response> or <localfile",
  directories: "syscheck",
  decoder_dir: "ruleset",
  rule_dir: "ruleset",
  list: "ruleset",
  port: "remote>, <auth> or <api",
  use_password: "auth",
  server: "client",
  address: "client><server",
  node_name: "cluster",
  user: "api",
};

/** `<x> belongs in <section>`, unless `section` is where it already is. */
export function misplacedHint(name: string, where: string): string | undefined {
  const home = Object.hasOwn(HOME_OF, name) ? HOME_OF[name] : undefined;
  if (home === undefined || home === where) return undefined;
  return `<${name}> belongs in <${home}>`;
}
