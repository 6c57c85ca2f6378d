/**
 * Responses asked by an operator (`riposte control -b IP -f NAME -u ID|-a`) or the REST API
 * (`PUT /active-response`), Wazuh's way (wazuh-ar.md §6): the name must be a configured
 * response name (`firewall-drop600`) or `!file` for a custom executable; the message is
 * agent_control's (`origin` empty, `alert.data.srcip`) or the API's (module "API", the
 * caller's alert and arguments). The white_list is not consulted (Wazuh compat) but the IP
 * is validated and self-protection still applies.
 * Must not: queue or record (the responder does).
 */
import { buildMessage, checkAlertTargets, isObject, serializeMessage, type OriginKind, type ResponseDefinition } from "../../response/mod.ts";
import type { AgentDirectory } from "./agent_directory.ts";
import { MANAGER_AGENT_ID } from "./routing.ts";
import type { TargetJob } from "./target_job.ts";

export interface ManualRequest {
  /** A response name (`firewall-drop600`) or `!file` (custom, stateless). */
  readonly name: string;
  /** Agent ids, or "all" (every registered agent but the manager, as agent_control -a). */
  readonly agents: readonly string[] | "all";
  readonly srcip?: string;
  /** API: the caller's alert object (defaults to `{data:{srcip}}`). */
  readonly alert?: Readonly<Record<string, unknown>>;
  readonly extraArgs?: readonly string[];
  readonly origin: Exclude<OriginKind, "rule">;
  /** Run even where the self-lockout guard refuses the address (the decision records it). */
  readonly force?: boolean;
}

export type ManualPlan =
  | { readonly ok: true; readonly targets: readonly string[]; readonly job: Omit<TargetJob, "agentId"> }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly origin: OriginKind };

const CUSTOM = /^![A-Za-z0-9._-]{1,255}$/;
const FIXED = new Set(["restart-ossec0", "restart-wazuh0"]);

export function manualRequestPlan(r: ManualRequest, definitions: readonly ResponseDefinition[], agents: AgentDirectory, originName: string | null): ManualPlan {
  const fail = (code: string, reason: string): ManualPlan => ({ ok: false, code, reason, origin: r.origin });
  const def = definitions.find((d) => d.name === r.name);
  const custom = CUSTOM.test(r.name) && !r.name.includes("..");
  if (!def && !custom && !FIXED.has(r.name)) return fail("DISPATCH_UNKNOWN_RESPONSE", `"${r.name.slice(0, 80)}" is not a configured response name`);
  const alert = r.alert ?? (r.srcip !== undefined ? { data: { srcip: r.srcip } } : {});
  if (!isObject(alert)) return fail("AR_BAD_MESSAGE", "alert is not an object");
  const checked = checkAlertTargets(alert);
  if (!checked.ok) return fail(checked.code, checked.reason);
  const api = r.origin === "api";
  const message = serializeMessage(buildMessage({
    originName: api ? originName : "", module: api ? "API" : "", name: r.name, extraArgs: r.extraArgs ?? [], alert,
  }));
  const targets = r.agents === "all" ? agents.list().map((a) => a.id).filter((id) => id !== MANAGER_AGENT_ID) : [...new Set(r.agents)];
  const unknown = targets.filter((id) => !agents.get(id) && id !== MANAGER_AGENT_ID);
  if (unknown.length > 0) return fail("DISPATCH_UNKNOWN_AGENT", `unknown agent ${unknown.join(",")}`);
  if (targets.length === 0) return fail("DISPATCH_NO_TARGET", "no agent to run on");
  const srcip = checked.targets.srcip;
  return {
    ok: true,
    targets,
    job: {
      name: r.name, executable: def?.executable ?? r.name.replace(/^!/, ""), timeoutSec: def?.timeoutSec ?? 0, dryRun: false, message,
      ips: checked.targets.ips, base: { name: r.name, dryRun: false, origin: r.origin, ...(srcip ? { srcip } : {}) }, ...(r.force ? { force: true } : {}),
    },
  };
}
