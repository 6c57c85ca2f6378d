/**
 * notify-webhook: POSTs the alert as JSON to a URL given in extra_args (the first word that
 * is an http:// or https:// URL), in Riposte's shape `{event, rule, agent, srcip, alert}` or,
 * with extra_args `format=slack`, as a Slack attachment. `timeout-ms=N` bounds the request
 * (default 5,000). A non-2xx answer or a timeout is a failure. On delete it posts the same
 * with event "lifted". check_keys: [srcip or rule id] so a timeout-bound binding is not
 * repeated while active (with timeout 0 the execd always continues, as Wazuh does).
 * Must not: follow any scheme but http(s), send credentials of its own.
 */
import type { ResponseAction } from "../action.ts";
import { isObject, type ArMessage } from "../protocol.ts";
import { ActionError } from "./action_error.ts";
import { builtinAction, type BuiltinHooks } from "./builtin_action.ts";
import { alertOf, extraArgs, extraOptions, intOption, ipTarget } from "./message_fields.ts";

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

export interface NotifyWebhookOptions extends BuiltinHooks {
  readonly fetch?: typeof fetch;
}

interface Notice {
  readonly url: URL;
  readonly slack: boolean;
  readonly timeoutMs: number;
  readonly alert: Readonly<Record<string, unknown>>;
  readonly key: string;
  readonly srcip?: string;
}

function webhookUrl(args: readonly string[]): URL | undefined {
  for (const a of args) {
    if (!/^https?:\/\//i.test(a)) continue;
    try {
      const u = new URL(a);
      if (u.protocol === "http:" || u.protocol === "https:") return u;
    } catch {
      // not a URL; try the next word
    }
  }
  return undefined;
}

export function parseNotice(m: ArMessage): Notice | ActionError {
  const url = webhookUrl(extraArgs(m));
  if (!url) return new ActionError("ACTION_BAD_OPTION", "notify-webhook needs an http:// or https:// URL in extra_args");
  const opts = extraOptions(m);
  const timeoutMs = intOption(opts, "timeout-ms", DEFAULT_WEBHOOK_TIMEOUT_MS, 100, 120_000);
  if (timeoutMs instanceof ActionError) return timeoutMs;
  const alert = alertOf(m);
  const ip = ipTarget(m);
  const srcip = ip instanceof ActionError ? undefined : ip.ip;
  const rule = isObject(alert.rule) ? alert.rule : {};
  const key = srcip ?? `rule-${typeof rule.id === "string" || typeof rule.id === "number" ? String(rule.id) : "none"}`;
  return { url, slack: opts.get("format") === "slack", timeoutMs, alert, key, ...(srcip ? { srcip } : {}) };
}

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/** The request body (pure; exported for tests). */
export function webhookBody(n: Notice, event: "active" | "lifted"): unknown {
  const rule = isObject(n.alert.rule) ? n.alert.rule : {};
  const agent = isObject(n.alert.agent) ? n.alert.agent : {};
  if (!n.slack) return { event, rule: { id: str(rule.id), level: rule.level, description: str(rule.description) }, agent: { id: str(agent.id), name: str(agent.name) }, srcip: n.srcip ?? null, alert: n.alert };
  const level = typeof rule.level === "number" ? rule.level : 0;
  return {
    attachments: [{
      color: level >= 8 ? "danger" : level >= 5 ? "warning" : "good",
      pretext: event === "active" ? "Riposte alert" : "Riposte response lifted",
      title: str(rule.description) || "(no description)",
      text: str(n.alert.full_log),
      fields: [
        { title: "Agent", value: `(${str(agent.id)}) - ${str(agent.name)}`, short: true },
        { title: "Rule ID", value: `${str(rule.id)} (level ${level})`, short: true },
        ...(n.srcip ? [{ title: "Source IP", value: n.srcip, short: true }] : []),
      ],
      ts: str(n.alert.id).split(".")[0] ?? "",
    }],
  };
}

export function notifyWebhook(options: NotifyWebhookOptions = {}): ResponseAction {
  const doFetch = options.fetch ?? fetch;
  const post = async (n: Notice, event: "active" | "lifted", signal: AbortSignal) => {
    let res: Response;
    try {
      res = await doFetch(n.url, {
        method: "POST", headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(webhookBody(n, event)), signal: AbortSignal.any([signal, AbortSignal.timeout(n.timeoutMs)]), redirect: "error",
      });
      await res.arrayBuffer();
    } catch (error: unknown) {
      if (signal.aborted) throw error;
      throw new ActionError("ACTION_WEBHOOK_FAILED", `POST ${n.url.origin}${n.url.pathname}: ${(error as Error).name === "TimeoutError" ? `no answer within ${n.timeoutMs} ms` : (error as Error).message}`);
    }
    if (res.status < 200 || res.status > 299) throw new ActionError("ACTION_WEBHOOK_FAILED", `POST ${n.url.origin}${n.url.pathname}: HTTP ${res.status}`);
  };
  return builtinAction<Notice>({
    name: "notify-webhook",
    target: parseNotice,
    keys: (n) => [n.key],
    async add(n, ctx) {
      await post(n, "active", ctx.signal);
      ctx.log(`Notified ${n.url.origin}${n.url.pathname}`);
    },
    async delete(n, ctx) {
      await post(n, "lifted", ctx.signal);
      ctx.log(`Notified ${n.url.origin}${n.url.pathname} (lifted)`);
    },
  }, options);
}
