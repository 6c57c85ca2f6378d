/**
 * The Wazuh 4.2+ active-response message (wazuh-ar.md §2.1, §3.3): building it on the
 * manager, parsing it on the execd, rewriting its `command`, reading a script's `check_keys`
 * line and rendering the `continue`/`abort` answer (the full message, only `command` changed).
 * Must not: spawn, log or decide anything; every function is pure and never throws on bad input.
 */

/** Wazuh's OS_MAXSTR: the largest message analysisd sends and execd reads. */
export const MAX_MESSAGE_BYTES = 65_536;
/** Longest check_keys line execd reads back (Wazuh: 8 KB). */
export const MAX_CHECK_KEYS_BYTES = 8_192;
/** Longest dedup key (Wazuh: 4 KB). */
export const MAX_KEY_BYTES = 4_096;

export interface ArOrigin {
  readonly name: string | null;
  readonly module: string;
}

export interface ArParameters {
  readonly extra_args: readonly string[];
  readonly alert: Readonly<Record<string, unknown>>;
  /** Set by execd: the relative path it runs, `active-response/bin/<exe>`. */
  readonly program?: string;
  /**
   * Riposte extension, set only on the message an in-process built-in acts on: the timeout
   * (seconds, after repeated-offender escalation) the execd granted. Wazuh's message has no
   * such field and scripts never get it (docs/compatibility.md).
   */
  readonly timeout?: number;
}

/** The JSON message, fields in Wazuh's order. Unknown fields of a parsed message are kept. */
export interface ArMessage {
  readonly version: number;
  readonly origin: ArOrigin;
  /** The response name (`firewall-drop600`, `!custom.sh`) on the wire; add|delete|continue|abort in the script protocol. */
  readonly command: string;
  readonly parameters: ArParameters;
}

export interface BuildMessageOptions {
  /** `<cluster><node_name>`; Wazuh writes "undefined" when absent. */
  readonly originName: string | null;
  /** "wazuh-analysisd" for rule-triggered responses, "API" or "" (agent_control) otherwise. */
  readonly module: string;
  readonly name: string;
  readonly extraArgs: readonly string[];
  readonly alert: Readonly<Record<string, unknown>>;
}

export function buildMessage(o: BuildMessageOptions): ArMessage {
  return {
    version: 1,
    origin: { name: o.originName, module: o.module },
    command: o.name,
    parameters: { extra_args: [...o.extraArgs], alert: o.alert },
  };
}

/** Wazuh splits `<extra_args>` on single spaces (no quoting); empty pieces are dropped. */
export function splitExtraArgs(text: string | undefined): string[] {
  return (text ?? "").split(" ").filter((a) => a !== "");
}

export function serializeMessage(m: ArMessage): string {
  return JSON.stringify(m);
}

export type ParseResult = { readonly ok: true; readonly message: ArMessage } | { readonly ok: false; readonly reason: string };

/**
 * Parses a message as execd does: it must be a JSON object with a string `command`
 * (Wazuh 1315/1316). Other fields are not validated here (scripts validate them), but a
 * message over MAX_MESSAGE_BYTES is refused.
 */
export function parseMessage(text: string): ParseResult {
  if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) return { ok: false, reason: "message larger than 65536 bytes" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "message is not valid JSON" };
  }
  if (!isObject(value)) return { ok: false, reason: "message is not a JSON object" };
  if (typeof value.command !== "string") return { ok: false, reason: "message has no string 'command'" };
  return { ok: true, message: value as unknown as ArMessage };
}

/**
 * The message with `command` replaced, keeping every other field and the key order
 * (the continue/abort answer and the stored delete payload are built this way).
 */
export function withCommand(m: ArMessage, command: string): ArMessage {
  return { ...m, command };
}

/** execd's rewrite before spawning (§3.3 step 2): command add, origin.module wazuh-execd, parameters.program. */
export function toScriptInput(m: ArMessage, program: string): ArMessage {
  const origin = isObject(m.origin) ? { ...m.origin, module: "wazuh-execd" } : { name: null, module: "wazuh-execd" };
  const parameters = isObject(m.parameters) ? { ...m.parameters, program } : { extra_args: [], alert: {}, program };
  return { ...m, command: "add", origin, parameters };
}

/**
 * Reads a script's answer line. Returns the keys of a well-formed check_keys message
 * (numeric version, object origin, command "check_keys", object parameters, `keys` an array
 * of strings; non-string keys are skipped as Wazuh does), or undefined for anything else.
 */
export function parseCheckKeys(line: string): string[] | undefined {
  if (Buffer.byteLength(line) > MAX_CHECK_KEYS_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.version !== "number" || !isObject(value.origin)) return undefined;
  if (value.command !== "check_keys" || !isObject(value.parameters)) return undefined;
  const keys = value.parameters.keys;
  if (!Array.isArray(keys)) return undefined;
  return keys.filter((k): k is string => typeof k === "string");
}

/** A check_keys line as a script would write it (tests, in-process actions). */
export function checkKeysLine(scriptName: string, keys: readonly string[]): string {
  return JSON.stringify({ version: 1, origin: { name: scriptName, module: "active-response" }, command: "check_keys", parameters: { keys } });
}

/**
 * Wazuh's dedup key: `<basename(exe)>-k1-k2…`. Undefined when the joined key would exceed
 * MAX_KEY_BYTES (Wazuh truncates; a truncated key could merge distinct targets).
 */
export function dedupKey(executable: string, keys: readonly string[]): string | undefined {
  const base = executable.slice(executable.lastIndexOf("/") + 1);
  const key = [base, ...keys].join("-");
  return Buffer.byteLength(key) > MAX_KEY_BYTES ? undefined : key;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
