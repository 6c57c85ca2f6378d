/**
 * Script-protocol messages for built-in action tests: an add/delete for an IP, a user, a
 * pid, with extra_args, as the execd hands them to a script.
 */
import type { ArMessage, Decision, KeysAnswer } from "../../src/response/mod.ts";

export function actionMessage(data: Record<string, unknown>, extraArgs: readonly string[] = [], command: "add" | "delete" = "add"): ArMessage {
  return {
    version: 1,
    origin: { name: "node01", module: "wazuh-execd" },
    command,
    parameters: {
      extra_args: [...extraArgs],
      alert: { id: "1700000000.42", rule: { id: "5763", level: 10, description: "sshd: brute force" }, agent: { id: "001", name: "victim" }, data, full_log: "Failed password" },
      program: "active-response/bin/x",
    },
  };
}

export const ipMessage = (ip: string, extraArgs: readonly string[] = []) => actionMessage({ srcip: ip }, extraArgs);

const never = new AbortController().signal;

/** An add context that answers `decision` and records what it was asked. */
export function addContext(decision: Decision = "continue", asked: KeysAnswer[] = []) {
  return { signal: never, decide: (a: KeysAnswer) => (asked.push(a), Promise.resolve(decision)) };
}

export const deleteContext = { signal: never };
