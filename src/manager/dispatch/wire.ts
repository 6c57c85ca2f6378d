/**
 * Adapters between dispatch and the manager's daemon (which owns the transport and the
 * agent registry): the registry as an AgentDirectory, a Deliver over the agent server's
 * `sendAr`, and the agents' `ar_result` messages back into ExecutionResults.
 * Structural types only, so dispatch does not depend on the server's internals.
 * Must not: hold state.
 */
import { decodeResult, isObject, normalizeIp, type ExecutionResult } from "../../response/mod.ts";
import type { AgentDirectory, AgentInfo, AgentStatus } from "./agent_directory.ts";
import type { Deliver } from "./responder.ts";

/** A registry row (manager/agents AgentRecord is assignable). */
export interface AgentRecordLike {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly groups: readonly string[];
  readonly status: string;
}

const STATUSES = new Set<AgentStatus>(["active", "disconnected", "never_connected", "pending"]);

function toInfo(r: AgentRecordLike, extra: readonly string[]): AgentInfo | undefined {
  if (r.status === "revoked") return undefined;
  const ip = normalizeIp(r.ip);
  return {
    id: r.id, name: r.name, groups: r.groups, status: STATUSES.has(r.status as AgentStatus) ? (r.status as AgentStatus) : "disconnected",
    addresses: [...(ip ? [ip] : []), ...extra],
  };
}

/**
 * The registry seen as an AgentDirectory; revoked agents are unknown. `addressesOf` adds
 * addresses the registry does not hold (the address an agent connected from).
 */
export function agentDirectoryFrom(registry: { get(id: string): AgentRecordLike | undefined; list(): readonly AgentRecordLike[] }, addressesOf: (id: string) => readonly string[] = () => []): AgentDirectory {
  return {
    get(id) {
      const r = registry.get(id);
      return r ? toInfo(r, addressesOf(id)) : undefined;
    },
    list() {
      return registry.list().map((r) => toInfo(r, addressesOf(r.id))).filter((a): a is AgentInfo => a !== undefined);
    },
  };
}

/** The wire form of a command (transport ArMessage is assignable). */
export interface WireArCommand {
  readonly t: "ar";
  readonly id: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly expiresAt: number;
}

/** A Deliver that hands commands to the agent server (true = written to the agent's channel). */
export function wireDeliver(sendAr: (agentId: string, message: WireArCommand) => Promise<boolean>): Deliver {
  return async (agentId, command) => {
    let payload: unknown;
    try {
      payload = JSON.parse(command.message);
    } catch {
      return false; // unreachable: the responder only queues serialised objects
    }
    if (!isObject(payload)) return false;
    return sendAr(agentId, { t: "ar", id: command.id, payload, expiresAt: command.expiresAt });
  };
}

/**
 * An agent's ar_result as an ExecutionResult (a minimal one when the detail is not ours);
 * undefined for a mere "received" acknowledgement.
 */
export function resultFromWire(m: { readonly id: string; readonly outcome: string; readonly detail?: string }, now: number): ExecutionResult | undefined {
  if (m.outcome === "received") return undefined;
  const decoded = decodeResult(m.detail);
  if (decoded) return decoded;
  return {
    commandId: m.id, command: "add", name: "", outcome: m.outcome === "done" ? "done" : m.outcome === "failed" ? "failed" : "refused",
    exitCode: null, durationMs: 0, origin: "manual", at: now, timeoutSec: 0, code: m.outcome === "expired" ? "DISPATCH_EXPIRED" : "AR_BAD_MESSAGE",
    ...(m.detail ? { reason: m.detail.slice(0, 512) } : {}),
  };
}
