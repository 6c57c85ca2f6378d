/**
 * Self-protection: an IP response never targets loopback, the unspecified address, the
 * manager's own addresses, configured admin networks, or the addresses of the agent it would
 * run on (blocking those locks the operator or the agent out).
 * Must not: decide whether a response is an IP response (see isIpResponse) or log.
 */
import { BlockList, isIP } from "node:net";
import { normalizeIp } from "./alert_targets.ts";
import { parseNetwork } from "./whitelist.ts";

export interface SelfGuardOptions {
  /** The manager's own addresses (every interface, and the address agents connect to). */
  readonly managerAddresses: readonly string[];
  /** Networks never blocked (Riposte: admin networks, jump hosts). Same syntax as white_list. */
  readonly protectedNetworks?: readonly string[];
}

export interface SelfGuard {
  /** Why `ip` must not be blocked on an agent whose addresses are `agentAddresses`, or undefined. */
  reason(ip: string, agentAddresses?: readonly string[]): string | undefined;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addSubnet("0.0.0.0", 32, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");
LOOPBACK.addAddress("::", "ipv6");

function family(ip: string): "ipv4" | "ipv6" {
  return isIP(ip) === 4 ? "ipv4" : "ipv6";
}

export function createSelfGuard(options: SelfGuardOptions): SelfGuard {
  const manager = new Set(options.managerAddresses.map((a) => normalizeIp(a)).filter((a): a is string => a !== undefined));
  const networks = new BlockList();
  for (const n of options.protectedNetworks ?? []) {
    const net = parseNetwork(n);
    if (net) networks.addSubnet(net.address, net.prefix, net.family);
  }
  return Object.freeze({
    reason(ip: string, agentAddresses: readonly string[] = []): string | undefined {
      const n = normalizeIp(ip);
      if (n === undefined) return "not an IP address";
      if (LOOPBACK.check(n, family(n))) return "loopback or unspecified address";
      if (manager.has(n)) return "address of the manager";
      if (networks.check(n, family(n))) return "inside a protected network";
      if (agentAddresses.some((a) => normalizeIp(a) === n)) return "address of the target agent itself";
      return undefined;
    },
  });
}

/**
 * Executables known not to act on an IP (Wazuh built-ins and ours). Every other executable,
 * custom scripts included, is treated as an IP response: the guard errs on the safe side.
 */
const NON_IP_EXECUTABLES = new Set([
  "disable-account", "restart-wazuh", "restart-wazuh.exe", "restart-ossec.sh", "restart-ossec.cmd", "restart.sh",
  "wazuh-slack", "slack", "kaspersky", "kill-process", "quarantine-file", "lock-account",
]);

export function isIpResponse(executable: string): boolean {
  return !NON_IP_EXECUTABLES.has(executable.slice(executable.lastIndexOf("/") + 1));
}
