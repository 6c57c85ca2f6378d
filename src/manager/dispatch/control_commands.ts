/**
 * The active-response commands of the manager's control socket (`riposte control`):
 * `ar.names` (-L), `ar.run` (-b IP -f NAME -u IDS|-a), `ar.active` (--active [-u ID]) and
 * `ar.lift` (--lift KEY [-u ID]), `ar.breaker` (--breaker) and `ar.breaker_reset`
 * (--breaker-reset). Arguments are untrusted JSON, validated here.
 * Must not: talk to agents directly (the responder queues and delivers).
 */
import { RiposteError, type Clock } from "../../core/mod.ts";
import { isObject, listResponseNames, type Allowlist } from "../../response/mod.ts";
import type { Responder } from "./responder.ts";

/** The control server's registration surface (manager/control ControlRegistry is assignable). */
export interface ControlRegistryLike {
  register(cmd: string, handler: (args: unknown) => Promise<unknown> | unknown): void;
}

export interface ArControlDeps {
  readonly responder: Responder;
  /** The manager's current ar.conf (parsed), for -L. */
  readonly allowlist: () => Allowlist;
  readonly clock: Clock;
}

const AGENT_ID = /^\d{3,8}$/;

function bad(message: string): never {
  throw new RiposteError("DISPATCH_BAD_REQUEST", message);
}

function agentList(v: unknown): readonly string[] | "all" {
  if (v === "all") return "all";
  if (!Array.isArray(v) || v.length === 0 || v.length > 10_000 || !v.every((id) => typeof id === "string" && AGENT_ID.test(id))) {
    bad("agents must be \"all\" or a list of agent ids (3+ digits)");
  }
  return v as string[];
}

function optionalAgent(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !AGENT_ID.test(v)) bad("agent must be an agent id (3+ digits)");
  return v;
}

export function registerArCommands(control: ControlRegistryLike, deps: ArControlDeps): void {
  const { responder } = deps;
  control.register("ar.names", () => listResponseNames(deps.allowlist()));
  control.register("ar.run", (args) => {
    if (!isObject(args) || typeof args.name !== "string" || args.name.length > 256) bad("name is required");
    if (args.ip !== undefined && (typeof args.ip !== "string" || args.ip.length > 64)) bad("ip must be a string");
    if (args.force !== undefined && typeof args.force !== "boolean") bad("force must be a boolean");
    const force = args.force === true ? { force: true } : {};
    const decisions = responder.run({ name: args.name, agents: agentList(args.agents), origin: "manual", ...(args.ip !== undefined ? { srcip: args.ip as string } : {}), ...force });
    return decisions.map((d) => ({ agent: d.agentId ?? null, decision: d.decision, code: d.code ?? null, reason: d.reason ?? null }));
  });
  control.register("ar.breaker", () => responder.breakerState() ?? null);
  control.register("ar.breaker_reset", (args) => {
    const scope = isObject(args) ? args.scope : undefined;
    if (scope !== undefined && (typeof scope !== "string" || scope.length > 256)) bad("scope must be a response name");
    return { closed: responder.resetBreaker(scope), state: responder.breakerState() ?? null };
  });
  control.register("ar.active", (args) => {
    const agent = optionalAgent(isObject(args) ? args.agent : undefined);
    const now = deps.clock.now();
    return responder.active(agent).map((a) => ({ ...a, timeLeftMs: Math.max(0, a.expiresAt - now) }));
  });
  control.register("ar.lift", (args) => {
    if (!isObject(args) || typeof args.key !== "string" || args.key.length === 0 || args.key.length > 4096) bad("key is required");
    const key = args.key;
    const agent = optionalAgent(args.agent);
    const holders = responder.active(agent).filter((a) => a.key === key).map((a) => a.agentId);
    const targets = agent !== undefined ? [agent] : holders;
    if (targets.length === 0) throw new RiposteError("DISPATCH_NOT_ACTIVE", `No active response "${key.slice(0, 200)}"`);
    return targets.map((id) => {
      const d = responder.lift(id, key);
      return { agent: id, decision: d.decision, code: d.code ?? null, reason: d.reason ?? null };
    });
  });
}
