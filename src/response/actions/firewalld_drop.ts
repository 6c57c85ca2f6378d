/**
 * firewalld-drop: a runtime rich rule `rule family="ipv4|ipv6" source address="ADDR" drop`
 * through firewall-cmd. Checks with --query-rich-rule before adding (no duplicates) and
 * before removing (absent = done). With a kernel-side expiry configured it passes
 * `--timeout=SEC`, so firewalld lifts the rule itself even if Riposte is dead.
 * check_keys: [address]. Options as firewall-drop: extra_args `kernel-timeout=SEC`.
 * Must not: use --permanent (a restart of firewalld clears what Riposte added).
 */
import type { ResponseAction } from "../action.ts";
import { ActionError } from "./action_error.ts";
import { builtinAction, type BuiltinHooks } from "./builtin_action.ts";
import { createCommandRunner, mustSucceed, type CommandRunner } from "./command_runner.ts";
import { extraOptions, intOption, ipTarget, type IpTarget } from "./message_fields.ts";

export interface FirewalldDropOptions extends BuiltinHooks {
  readonly run?: CommandRunner;
  readonly netns?: string;
  /** firewalld-side expiry in seconds; 0 = none. @default 0 */
  readonly kernelTimeoutSec?: number;
}

interface RichTarget extends IpTarget {
  readonly timeoutSec: number;
}

export function richRule(t: IpTarget): string {
  return `rule family="ipv${t.family}" source address="${t.ip}" drop`;
}

/** The firewall-cmd argv of each step (pure; exported for tests). */
export function firewalldArgv(step: "query" | "add" | "remove", t: RichTarget): string[] {
  const rule = richRule(t);
  if (step === "query") return ["firewall-cmd", `--query-rich-rule=${rule}`];
  if (step === "remove") return ["firewall-cmd", `--remove-rich-rule=${rule}`];
  return ["firewall-cmd", `--add-rich-rule=${rule}`, ...(t.timeoutSec > 0 ? [`--timeout=${t.timeoutSec}`] : [])];
}

export function firewalldDrop(options: FirewalldDropOptions = {}): ResponseAction {
  const run = options.run ?? createCommandRunner(options.netns === undefined ? {} : { netns: options.netns });
  const present = async (t: RichTarget, signal: AbortSignal) => {
    const r = await run(firewalldArgv("query", t), { signal });
    if (r.code === 0 && /^yes/m.test(r.stdout)) return true;
    if (r.code === 1 && /^no/m.test(r.stdout)) return false;
    mustSucceed(r); // not running (exit 252), or denied
    return false;
  };
  return builtinAction<RichTarget>({
    name: "firewalld-drop",
    target(m) {
      const ip = ipTarget(m);
      if (ip instanceof ActionError) return ip;
      const timeoutSec = intOption(extraOptions(m), "kernel-timeout", options.kernelTimeoutSec ?? 0, 0, 4_000_000_000);
      return timeoutSec instanceof ActionError ? timeoutSec : { ...ip, timeoutSec };
    },
    keys: (t) => [t.ip],
    async add(t, ctx) {
      if (!(await present(t, ctx.signal))) mustSucceed(await run(firewalldArgv("add", t), { signal: ctx.signal }));
      ctx.log(`Blocked ${t.ip} (firewalld rich rule)`);
    },
    async delete(t, ctx) {
      if (await present(t, ctx.signal)) mustSucceed(await run(firewalldArgv("remove", t), { signal: ctx.signal }));
      ctx.log(`Unblocked ${t.ip} (firewalld rich rule)`);
    },
  }, options);
}
