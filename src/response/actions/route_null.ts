/**
 * route-null: a blackhole route for the source address with iproute2
 * (`ip route replace blackhole ADDR/32`, `ip -6 route replace blackhole ADDR/128`): replies
 * to the attacker are dropped, so no TCP session can be set up. Replace makes add
 * idempotent; delete treats "no such route" as done. check_keys: [address].
 * Must not: use net-tools `route` (absent on modern systems, Wazuh #15687).
 */
import type { ResponseAction } from "../action.ts";
import { builtinAction, type BuiltinHooks } from "./builtin_action.ts";
import { createCommandRunner, mustSucceed, type CommandRunner } from "./command_runner.ts";
import { ipTarget, type IpTarget } from "./message_fields.ts";

export interface RouteNullOptions extends BuiltinHooks {
  readonly run?: CommandRunner;
  readonly netns?: string;
}

export function routeArgv(verb: "replace" | "del", t: IpTarget): string[] {
  return ["ip", t.family === 6 ? "-6" : "-4", "route", verb, "blackhole", `${t.ip}/${t.family === 6 ? 128 : 32}`];
}

export function routeNull(options: RouteNullOptions = {}): ResponseAction {
  const run = options.run ?? createCommandRunner(options.netns === undefined ? {} : { netns: options.netns });
  return builtinAction<IpTarget>({
    name: "route-null",
    target: ipTarget,
    keys: (t) => [t.ip],
    async add(t, ctx) {
      mustSucceed(await run(routeArgv("replace", t), { signal: ctx.signal }));
      ctx.log(`Blackhole route for ${t.ip}`);
    },
    async delete(t, ctx) {
      const r = await run(routeArgv("del", t), { signal: ctx.signal });
      mustSucceed(r, /No such process|not found|Cannot find/i.test(r.stderr) ? [0, 2] : [0]);
      ctx.log(`Removed blackhole route for ${t.ip}`);
    },
  }, options);
}
