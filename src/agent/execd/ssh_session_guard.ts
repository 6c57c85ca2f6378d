/**
 * The agent's part of the self-lockout guard (`<protect_ssh_sessions>yes`): an IP response
 * whose address is the source of an SSH session established on this host right now is
 * refused before it reaches the execd (the operator logged in from there), logged, and
 * written to active-responses.log as command "self-protected" so that rule 664 fires.
 * Commands pass through one at a time while the guard is on, so none overtakes another.
 * Must not: throw, or refuse anything that is not an IP add (lifts, non-IP responses pass).
 */
import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Clock, Logger } from "../../core/mod.ts";
import { arLogLine, checkAlertTargets, isIpResponse, isObject, type Allowlist } from "../../response/mod.ts";
import type { SshPeerProbe } from "./ssh_peers.ts";

export interface SshSessionGuardOptions {
  readonly probe: SshPeerProbe;
  readonly allowlist: () => Allowlist;
  readonly clock: Clock;
  readonly logger: Logger;
  /** HOME/logs/active-responses.log */
  readonly arLogPath: string;
}

/** Why the message must not run here, or undefined. Never rejects. */
export type SshSessionGuard = (payload: Readonly<Record<string, unknown>>) => Promise<string | undefined>;

function executableOf(name: string, allowlist: Allowlist): string {
  return allowlist.get(name)?.[0]?.executable ?? name.replace(/^!/, "");
}

export function createSshSessionGuard(o: SshSessionGuardOptions): SshSessionGuard {
  return async (payload) => {
    const name = typeof payload.command === "string" ? payload.command : "";
    const params = isObject(payload.parameters) ? payload.parameters : {};
    if (name === "" || name.startsWith("!:") || !isObject(params.alert)) return undefined;
    const executable = executableOf(name, o.allowlist());
    if (!isIpResponse(executable)) return undefined;
    const targets = checkAlertTargets(params.alert);
    if (!targets.ok || targets.targets.ips.length === 0) return undefined;
    const peers = await o.probe.peers();
    const ip = targets.targets.ips.find((a) => peers.has(a));
    if (!ip) return undefined;
    const reason = `${ip}: source of an SSH session established on this host`;
    o.logger.warn("Refused to block the source of an established SSH session", { code: "AR_SELF_PROTECTED", ip, name });
    const line = JSON.stringify({ ...payload, origin: { name: null, module: "riposte-execd" }, command: "self-protected", parameters: { ...params, program: `active-response/bin/${executable}`, reason } });
    try {
      await mkdir(dirname(o.arLogPath), { recursive: true });
      await appendFile(o.arLogPath, arLogLine(o.clock.now(), `active-response/bin/${executable}`, line));
    } catch (error: unknown) {
      o.logger.error("Cannot write a guard skip to active-responses.log", { error });
    }
    return reason;
  };
}
