/**
 * The positional argv of OSSEC and pre-4.2 Wazuh scripts (wazuh-ar.md §2.4), for commands
 * that ask for it: `add|delete user srcip alertid ruleid agent filename`. Every value comes
 * from the alert, so each must pass a strict pattern or becomes `-`; nothing here ever
 * reaches a shell (spawn takes an argv array).
 * Must not: be used for commands that did not ask for it.
 */
import { normalizeIp } from "./alert_targets.ts";
import { isObject, type ArMessage } from "./protocol.ts";

const USER = /^[a-zA-Z._0-9@?-]{1,256}$/;
const ALERT_ID = /^\d{1,20}(?:\.\d{1,20})?$/;
const RULE_ID = /^\d{1,10}$/;
const AGENT_ID = /^\d{3,8}$/;
/** A file path from FIM: absolute, no control characters, no leading dash, bounded. */
const FILE = /^\/[^\u0000-\u001f\u007f]{0,4095}$/;

function pick(value: unknown, pattern: RegExp): string {
  return typeof value === "string" && pattern.test(value) ? value : "-";
}

export function legacyArgv(message: ArMessage): string[] {
  const alert = isObject(message.parameters) && isObject(message.parameters.alert) ? message.parameters.alert : {};
  const data = isObject(alert.data) ? alert.data : {};
  const rule = isObject(alert.rule) ? alert.rule : {};
  const agent = isObject(alert.agent) ? alert.agent : {};
  const syscheck = isObject(alert.syscheck) ? alert.syscheck : {};
  const ip = typeof data.srcip === "string" ? normalizeIp(data.srcip) : undefined;
  return [
    message.command === "delete" ? "delete" : "add",
    pick(data.dstuser, USER),
    ip ?? "-",
    pick(alert.id, ALERT_ID),
    pick(typeof rule.id === "number" ? String(rule.id) : rule.id, RULE_ID),
    pick(agent.id, AGENT_ID),
    pick(syscheck.path, FILE),
  ];
}
