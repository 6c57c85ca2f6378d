/**
 * isolate-host: cuts the host off the network except loopback, the manager's addresses and
 * configured admin networks (in and out, plus IPv6 neighbour discovery so those stay
 * reachable). Its own table `inet riposte_isolate` with input/output/forward chains of
 * policy drop at priority -210: a drop policy is final whatever other tables accept.
 * Delete removes the table, restoring the previous state exactly. Allowed: the options, extra_args
 * `allow=CIDR[,CIDR…]`, and, when none names a manager, the `<client><server><address>` of
 * HOME/etc/ossec.conf (host names resolved). Refuses to isolate with nothing allowed (the agent
 * would lose its manager). check_keys: ["isolate"].
 * Must not: touch other tables.
 */
import { lookup } from "node:dns/promises";
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { loadConfigFiles } from "../../config/mod.ts";
import type { ResponseAction } from "../action.ts";
import { ActionError } from "./action_error.ts";
import { builtinAction, type BuiltinHooks } from "./builtin_action.ts";
import { createCommandRunner, mustSucceed, type CommandRunner } from "./command_runner.ts";
import { extraOptions } from "./message_fields.ts";

export const ISOLATE_TABLE = "riposte_isolate";

export interface IsolateHostOptions extends BuiltinHooks {
  readonly run?: CommandRunner;
  readonly netns?: string;
  /** The manager's addresses (the agent passes its connection's peer). */
  readonly managerAddresses?: readonly string[];
  /** Admin networks (CIDR or address), IPv4 and IPv6. */
  readonly adminNetworks?: readonly string[];
  /** The Riposte home: its etc/ossec.conf names the manager when managerAddresses is not given. */
  readonly home?: string;
}

/** The addresses of the manager(s) the agent's configuration names (host names resolved). */
export async function managersFromConfig(home: string): Promise<string[]> {
  const file = join(home, "etc", "ossec.conf");
  if (!existsSync(file)) return [];
  const { config } = await loadConfigFiles([file], { role: "agent" });
  const out: string[] = [];
  for (const s of config?.client.servers ?? []) {
    if (isIP(s.address) !== 0) out.push(s.address);
    else out.push(...(await lookup(s.address, { all: true }).catch(() => [])).map((a) => a.address));
  }
  return out;
}

/** A validated `addr` or `addr/bits`, or undefined. */
export function parseCidr(text: string): { readonly text: string; readonly family: 4 | 6 } | undefined {
  const [addr = "", bits, extra] = text.trim().split("/");
  const family = isIP(addr);
  if (family === 0 || extra !== undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  if (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max)) return undefined;
  return { text: bits === undefined ? addr : `${addr}/${bits}`, family: family as 4 | 6 };
}

/** The whole isolation table, one transaction (pure; exported for tests). */
export function isolateScript(allowed: readonly { text: string; family: 4 | 6 }[]): string {
  const v4 = allowed.filter((a) => a.family === 4).map((a) => a.text);
  const v6 = allowed.filter((a) => a.family === 6).map((a) => a.text);
  const t = `inet ${ISOLATE_TABLE}`;
  const lines = [`add table ${t}`, `delete table ${t}`, `add table ${t}`];
  const nd = "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert } accept";
  for (const [hook, dir, lo] of [["input", "saddr", "iif"], ["output", "daddr", "oif"]] as const) {
    lines.push(`add chain ${t} ${hook} { type filter hook ${hook} priority -210; policy drop; }`, `add rule ${t} ${hook} ${lo} lo accept`, `add rule ${t} ${hook} ${nd}`);
    if (v4.length > 0) lines.push(`add rule ${t} ${hook} ip ${dir} { ${v4.join(", ")} } accept`);
    if (v6.length > 0) lines.push(`add rule ${t} ${hook} ip6 ${dir} { ${v6.join(", ")} } accept`);
  }
  lines.push(`add chain ${t} forward { type filter hook forward priority -210; policy drop; }`);
  return lines.join("\n") + "\n";
}

export function isolateHost(options: IsolateHostOptions = {}): ResponseAction {
  const run = options.run ?? createCommandRunner(options.netns === undefined ? {} : { netns: options.netns });
  type Allowed = { readonly allowed: readonly { text: string; family: 4 | 6 }[]; readonly problem?: ActionError };
  return builtinAction<Allowed>({
    name: "isolate-host",
    target(m) {
      const extra = extraOptions(m).get("allow")?.split(",").filter((x) => x !== "") ?? [];
      const all = [...(options.managerAddresses ?? []), ...(options.adminNetworks ?? []), ...extra];
      const parsed = all.map(parseCidr);
      const bad = all.find((_, i) => parsed[i] === undefined);
      const allowed = parsed.filter((p) => p !== undefined);
      // Only the add refuses: the delete must restore the network whatever the options say.
      if (bad !== undefined) return { allowed, problem: new ActionError("ACTION_BAD_OPTION", `isolate-host: ${JSON.stringify(bad.slice(0, 60))} is not an address or CIDR`) };
      return { allowed };
    },
    keys: () => ["isolate"],
    async add({ allowed: declared, problem }, ctx) {
      if (problem) throw problem;
      const managers = options.managerAddresses === undefined && options.home !== undefined ? await managersFromConfig(options.home) : [];
      const allowed = [...declared, ...managers.map(parseCidr).filter((p) => p !== undefined)];
      if (allowed.length === 0) throw new ActionError("ACTION_BAD_OPTION", "isolate-host needs the manager address or admin networks (extra_args allow=CIDR,…): refusing to cut the agent off");
      mustSucceed(await run(["nft", "-f", "-"], { input: isolateScript(allowed), signal: ctx.signal }));
      ctx.log(`Host isolated; allowed: ${allowed.map((a) => a.text).join(", ")}`);
    },
    async delete(_allowed, ctx) {
      const r = await run(["nft", "delete", "table", "inet", ISOLATE_TABLE], { signal: ctx.signal });
      if (r.code !== 0 && !/No such file or directory/.test(r.stderr)) mustSucceed(r);
      ctx.log("Host isolation lifted");
    },
  }, options);
}
