/**
 * The safety decisions every response goes through, shared by the manager's live responder
 * and `riposte replay` (so both decide alike): screenAlert (hostile-input gate, then the
 * white_list) once per alert, and targetVerdict (self-lockout guard, dry-run blocks, circuit
 * breaker) once per target agent. A manual request with `force` skips the guard (recorded as
 * forced), and manual requests never count against the breaker.
 * Must not: log, record, queue, read the clock or throw.
 */
import { checkAlertTargets, withoutDstuser } from "./alert_targets.ts";
import type { CircuitBreaker } from "./circuit_breaker.ts";
import type { OriginKind } from "./execution_result.ts";
import { isIpResponse, type SelfGuard } from "./self_guard.ts";

export type ScreenedAlert =
  | {
    readonly ok: true;
    /** The alert to send (without a hostile dstuser). */
    readonly payload: Record<string, unknown>;
    readonly ips: readonly string[];
    readonly srcip?: string;
    /** True when a hostile dstuser was removed (the caller logs it). */
    readonly strippedUser: boolean;
  }
  | {
    readonly ok: false;
    readonly decision: "invalid" | "whitelisted";
    readonly code: "AR_INVALID_IP" | "AR_INVALID_USER" | "AR_WHITELISTED";
    readonly reason: string;
    readonly srcip?: string;
  };

/** The hostile-input gate and the white_list, for one alert. */
export function screenAlert(alert: Readonly<Record<string, unknown>>, whitelisted: (ip: string) => boolean): ScreenedAlert {
  let payload = alert as Record<string, unknown>;
  let checked = checkAlertTargets(payload);
  let strippedUser = false;
  if (!checked.ok && checked.code === "AR_INVALID_USER") {
    payload = withoutDstuser(payload);
    strippedUser = true;
    checked = checkAlertTargets(payload);
  }
  if (!checked.ok) return { ok: false, decision: "invalid", code: checked.code, reason: checked.reason };
  const { ips, srcip } = checked.targets;
  const listed = ips.find(whitelisted);
  if (listed) return { ok: false, decision: "whitelisted", code: "AR_WHITELISTED", reason: `${listed} is in the white_list`, ...(srcip ? { srcip } : {}) };
  return { ok: true, payload, ips, ...(srcip ? { srcip } : {}), strippedUser };
}

/** What targetVerdict needs to know about one response on one agent. */
export interface TargetFacts {
  readonly name: string;
  readonly executable: string;
  readonly ips: readonly string[];
  readonly dryRun: boolean;
  readonly origin: OriginKind;
  /** Manual requests only: run even if the guard refuses the address. */
  readonly force?: boolean;
}

export type TargetVerdict =
  | { readonly kind: "run"; readonly forced?: string }
  | { readonly kind: "self_protected"; readonly code: "AR_SELF_PROTECTED"; readonly reason: string; readonly ip: string }
  | { readonly kind: "dry_run"; readonly code: "DISPATCH_DRY_RUN"; readonly reason: string }
  | { readonly kind: "breaker"; readonly code: "AR_BREAKER_OPEN"; readonly reason: string; readonly scope: string; readonly tripped: boolean };

export interface TargetSafety {
  readonly guard: SelfGuard;
  readonly breaker?: CircuitBreaker;
  /** Extra addresses never blocked on this target (e.g. its current SSH peers). */
  readonly extraProtected?: (ip: string) => string | undefined;
}

/** Guard → dry-run block → breaker, in that order; `now` is the decision time. */
export function targetVerdict(job: TargetFacts, agentAddresses: readonly string[], safety: TargetSafety, now: number): TargetVerdict {
  if (isIpResponse(job.executable)) {
    for (const ip of job.ips) {
      const why = safety.guard.reason(ip, agentAddresses) ?? safety.extraProtected?.(ip);
      if (!why) continue;
      if (job.force === true && job.origin !== "rule") return { kind: "run", forced: `${ip}: ${why} (forced)` };
      return { kind: "self_protected", code: "AR_SELF_PROTECTED", reason: `${ip}: ${why}`, ip };
    }
  }
  if (job.dryRun) return { kind: "dry_run", code: "DISPATCH_DRY_RUN", reason: "dry_run: nothing runs" };
  if (job.origin === "rule" && safety.breaker) {
    const v = safety.breaker.admit(job.name, now);
    if (v.open) {
      const scope = v.scope === "*" ? "all responses" : v.scope;
      const reason = `circuit breaker open for ${scope}: more than ${v.limit} new responses in ${v.windowSec} s; this one is a dry-run`;
      return { kind: "breaker", code: "AR_BREAKER_OPEN", reason, scope: v.scope, tripped: v.tripped };
    }
  }
  return { kind: "run" };
}
