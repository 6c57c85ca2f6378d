/**
 * firewall-drop: blocks the alert's source address in the kernel (nftables set element with
 * a kernel-side timeout by default, or an iptables rule in an own chain), optionally for
 * the whole IPv6 prefix, and optionally cuts the source's existing connections
 * (conntrack entries, and/or the local sockets with `ss -K`, which sends a reset).
 * check_keys: [address] (or [network/bits] when prefix blocking is on).
 * In a long-lived process the kernel timeouts are leases renewed until the delete
 * (block_leases.ts), so a response the execd extends is never lifted early by the kernel.
 * Options come from the in-process options and, per message, from extra_args
 * `backend=nftables|iptables cut=auto|none|conntrack|sockets|both ipv6-prefix=N kernel-timeout=SEC`.
 * Must not: block anything that did not pass the IP gate, keep timeouts (execd does).
 */
import { isObject, type ArMessage } from "../protocol.ts";
import type { ResponseAction } from "../action.ts";
import { ActionError } from "./action_error.ts";
import { BlockLeases } from "./block_leases.ts";
import { builtinAction, type BuiltinHooks, type RunContext } from "./builtin_action.ts";
import { createCommandRunner, mustSucceed, type CommandRunner } from "./command_runner.ts";
import { type Firewall } from "./firewall.ts";
import { IptablesFirewall } from "./iptables_firewall.ts";
import { extraOptions, intOption, ipTarget, ipv6Network } from "./message_fields.ts";
import { NftFirewall } from "./nft_firewall.ts";

export type FirewallBackend = "nftables" | "iptables";
export type CutMode = "auto" | "none" | "conntrack" | "sockets" | "both";
const CUT_MODES: readonly CutMode[] = ["auto", "none", "conntrack", "sockets", "both"];

/** Kernel expiry when nothing says how long the response lasts: a day, the safety net. */
export const DEFAULT_KERNEL_TIMEOUT_SEC = 86_400;
/** Added to a known response timeout so the execd's own delete normally runs first. */
export const KERNEL_GRACE_SEC = 60;

export interface FirewallOptions {
  readonly backend?: FirewallBackend;
  /** Runs nft/iptables/conntrack/ss; default spawns them (inside `netns` when given). */
  readonly run?: CommandRunner;
  readonly netns?: string;
}

/** A firewall backend; without an injected `run`, nftables keeps a persistent `nft -i`. */
export function createFirewall(options: FirewallOptions = {}): Firewall {
  const run = options.run ?? createCommandRunner(options.netns === undefined ? {} : { netns: options.netns });
  if (options.backend === "iptables") return new IptablesFirewall({ run });
  const session = options.run ? undefined : options.netns === undefined ? [] : ["ip", "netns", "exec", options.netns];
  return new NftFirewall({ run, ...(session ? { session } : {}) });
}

export interface FirewallDropOptions extends FirewallOptions, BuiltinHooks {
  /** @default "auto": conntrack when installed, silently skipped otherwise */
  readonly cut?: CutMode;
  /** Block the whole IPv6 network of this many bits instead of the address. @default 128 */
  readonly ipv6PrefixBits?: number;
  /** Kernel expiry; 0 = none. @default the message's parameters.timeout + 60 s, else 86,400 */
  readonly kernelTimeoutSec?: number;
  /** Use these firewalls (shared with reconcile and the bench) instead of new ones. */
  readonly firewalls?: Partial<Record<FirewallBackend, Firewall>>;
  /**
   * Renew nftables kernel timeouts through these leases instead of own ones (the agent shares
   * them with reconciliation at start, which holds the blocks it restores, and releases them
   * all when it stops). They MUST renew on the nftables firewall this action uses.
   */
  readonly leases?: BlockLeases;
}

interface DropTarget {
  readonly ip: string;
  readonly family: 4 | 6;
  /** What is blocked: the address, or its IPv6 network. */
  readonly target: string;
  readonly timeoutSec: number;
  readonly cut: CutMode;
  readonly backend: FirewallBackend;
}

/** Maps an address to what is blocked for it under a prefix policy. */
export function blockTarget(ip: string, ipv6PrefixBits = 128): string {
  return ip.includes(":") && ipv6PrefixBits < 128 ? ipv6Network(ip, ipv6PrefixBits) : ip;
}

function messageTimeout(message: ArMessage): number | undefined {
  const p: unknown = message.parameters;
  const t = isObject(p) ? p.timeout : undefined;
  return typeof t === "number" && Number.isInteger(t) && t > 0 ? t : undefined;
}

export function parseDropTarget(message: ArMessage, o: FirewallDropOptions): DropTarget | ActionError {
  const ip = ipTarget(message);
  if (ip instanceof ActionError) return ip;
  const opts = extraOptions(message);
  const backend = opts.get("backend") ?? o.backend ?? "nftables";
  if (backend !== "nftables" && backend !== "iptables") return new ActionError("ACTION_BAD_OPTION", `extra_args backend=${backend.slice(0, 40)}: expected nftables or iptables`);
  const cut = (opts.get("cut") ?? o.cut ?? "auto") as CutMode;
  if (!CUT_MODES.includes(cut)) return new ActionError("ACTION_BAD_OPTION", `extra_args cut=${String(cut).slice(0, 40)}: expected ${CUT_MODES.join(", ")}`);
  const bits = intOption(opts, "ipv6-prefix", o.ipv6PrefixBits ?? 128, 16, 128);
  if (bits instanceof ActionError) return bits;
  const known = messageTimeout(message);
  const fallback = o.kernelTimeoutSec ?? (known !== undefined ? known + KERNEL_GRACE_SEC : DEFAULT_KERNEL_TIMEOUT_SEC);
  const timeoutSec = intOption(opts, "kernel-timeout", fallback, 0, 4_000_000_000);
  if (timeoutSec instanceof ActionError) return timeoutSec;
  return { ...ip, target: blockTarget(ip.ip, bits), timeoutSec, cut, backend };
}

/** Cuts the source's existing connections: conntrack entries and/or local sockets. */
export async function cutConnections(run: CommandRunner, ip: string, mode: CutMode, ctx: RunContext): Promise<void> {
  if (mode === "none") return;
  const v6 = ip.includes(":");
  if (mode !== "sockets") {
    try {
      const r = await run(["conntrack", "-D", ...(v6 ? ["-f", "ipv6"] : []), "-s", ip], { signal: ctx.signal });
      // conntrack exits 1 when no entry matched ("0 flow entries have been deleted").
      mustSucceed(r, /0 flow entries/.test(r.stderr) ? [0, 1] : [0]);
    } catch (error: unknown) {
      if (!(mode === "auto" && error instanceof ActionError && error.code === "ACTION_TOOL_MISSING")) throw error;
      ctx.log("conntrack is not installed: existing connections were not cut (cut=auto)");
    }
  }
  if (mode === "sockets" || mode === "both") {
    mustSucceed(await run(["ss", "-K", "dst", v6 ? `[${ip}]` : ip], { signal: ctx.signal }));
  }
}

export function firewallDrop(options: FirewallDropOptions = {}): ResponseAction {
  const run = options.run ?? createCommandRunner(options.netns === undefined ? {} : { netns: options.netns });
  const firewalls: Partial<Record<FirewallBackend, Firewall>> = { ...options.firewalls };
  const own = options.run ? { run } : options.netns === undefined ? {} : { netns: options.netns };
  const firewall = (b: FirewallBackend) => (firewalls[b] ??= createFirewall({ backend: b, ...own }));
  let leases: BlockLeases | undefined = options.leases; // nftables kernel timeouts renewed while this process lives
  const leasesOf = () => (leases ??= new BlockLeases(firewall("nftables"), { ...(options.clock ? { clock: options.clock } : {}), onError: (m) => options.log?.(`Error: ${m}`) }));
  return builtinAction<DropTarget>({
    name: "firewall-drop",
    target: (m) => parseDropTarget(m, options),
    keys: (t) => [t.target],
    async add(t, ctx) {
      await firewall(t.backend).block([{ target: t.target, timeoutSec: t.timeoutSec }], ctx.signal);
      if (t.backend === "nftables") leasesOf().hold(t.target, t.timeoutSec);
      ctx.log(`Blocked ${t.target} (${t.backend}${t.timeoutSec > 0 && t.backend === "nftables" ? `, kernel timeout ${t.timeoutSec}s` : ""})`);
      await cutConnections(run, t.ip, t.cut, ctx);
    },
    async delete(t, ctx) {
      await firewall(t.backend).unblock([t.target], ctx.signal);
      if (t.backend === "nftables") leases?.release(t.target);
      ctx.log(`Unblocked ${t.target} (${t.backend})`);
    },
  }, options);
}
