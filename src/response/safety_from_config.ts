/**
 * The response-safety settings of a validated configuration (structural types: config's
 * Config is assignable): the self-lockout guard's protected networks and the circuit
 * breaker's limits (global and per block). Used by the manager and by `riposte replay`, so
 * both guard and trip alike.
 * Must not: re-validate what config validated.
 */
import type { CircuitBreakerOptions } from "./circuit_breaker.ts";

export interface SafetyConfigLike {
  readonly global: {
    readonly protectedNetworks?: readonly { readonly address: string; readonly prefix: number }[];
    readonly arBreaker?: { readonly maxPerWindow: number; readonly windowSeconds: number; readonly quietSeconds: number };
  };
  readonly activeResponses: readonly { readonly name: string; readonly disabled: boolean; readonly maxPerWindow?: number }[];
}

/** Protected networks as `address/prefix` (SelfGuardOptions.protectedNetworks). */
export function protectedNetworksOf(config: SafetyConfigLike): string[] {
  return (config.global.protectedNetworks ?? []).map((n) => `${n.address}/${n.prefix}`);
}

/** The breaker options; the strictest limit wins when two blocks share a name. */
export function breakerOptionsOf(config: SafetyConfigLike): CircuitBreakerOptions {
  const b = config.global.arBreaker;
  const perBlock: Record<string, number> = {};
  for (const r of config.activeResponses) {
    const max = r.maxPerWindow ?? 0;
    if (r.disabled || max <= 0) continue;
    perBlock[r.name] = Math.min(perBlock[r.name] ?? Infinity, max);
  }
  return { windowSec: b?.windowSeconds ?? 60, quietSec: b?.quietSeconds ?? 300, globalMax: b?.maxPerWindow ?? 0, perBlock };
}
