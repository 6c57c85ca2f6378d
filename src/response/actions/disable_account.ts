/**
 * disable-account: locks a local account named by the alert's dstuser (`usermod -L -e 1`:
 * password locked and account expired, so key-based SSH logins stop too) and unlocks it
 * on delete (`usermod -U -e ""`). Refuses root, any uid below `minUid` (system accounts),
 * unknown users, and any name outside a strict pattern. check_keys: [user].
 * Must not: act on a name that did not pass the pattern, pass a name that starts with '-'.
 */
import type { ResponseAction } from "../action.ts";
import { isObject } from "../protocol.ts";
import { ActionError } from "./action_error.ts";
import { builtinAction, type BuiltinHooks } from "./builtin_action.ts";
import { createCommandRunner, mustSucceed, type CommandRunner } from "./command_runner.ts";
import { alertOf } from "./message_fields.ts";

/** POSIX-portable user names (useradd's default NAME_REGEX, plus a trailing $ for machine accounts). */
export const ACCOUNT_NAME = /^[a-z_][a-z0-9_.-]{0,31}\$?$/;
export const DEFAULT_MIN_UID = 1000;

export interface DisableAccountOptions extends BuiltinHooks {
  readonly run?: CommandRunner;
  /** Accounts below this uid are system accounts and are refused. @default 1000 */
  readonly minUid?: number;
}

export function accountName(message: Parameters<ResponseAction["add"]>[0]): string | ActionError {
  const data = alertOf(message).data;
  const user = isObject(data) ? data.dstuser : undefined;
  if (typeof user !== "string" || user === "") return new ActionError("ACTION_BAD_TARGET", "Cannot read 'dstuser' from data");
  if (!ACCOUNT_NAME.test(user)) return new ActionError("ACTION_BAD_TARGET", "data.dstuser is not a valid account name");
  if (user === "root") return new ActionError("ACTION_REFUSED", "refusing to disable root");
  return user;
}

export function disableAccount(options: DisableAccountOptions = {}): ResponseAction {
  const run = options.run ?? createCommandRunner();
  const minUid = options.minUid ?? DEFAULT_MIN_UID;
  const checkUid = async (user: string, signal: AbortSignal) => {
    const r = await run(["getent", "passwd", user], { signal });
    if (r.code === 2) throw new ActionError("ACTION_BAD_TARGET", `no local account ${user}`);
    mustSucceed(r);
    const uid = Number(r.stdout.split(":")[2]);
    if (!Number.isInteger(uid) || uid < minUid) throw new ActionError("ACTION_REFUSED", `refusing to disable system account ${user} (uid ${uid} < ${minUid})`);
  };
  return builtinAction<string>({
    name: "disable-account",
    target: accountName,
    keys: (user) => [user],
    async add(user, ctx) {
      await checkUid(user, ctx.signal);
      mustSucceed(await run(["usermod", "-L", "-e", "1", "--", user], { signal: ctx.signal }));
      ctx.log(`Disabled account ${user}`);
    },
    async delete(user, ctx) {
      await checkUid(user, ctx.signal);
      mustSucceed(await run(["usermod", "-U", "-e", "", "--", user], { signal: ctx.signal }));
      ctx.log(`Enabled account ${user}`);
    },
  }, options);
}
