// Every way of starting a response executable available here: node:child_process always,
// the posix_spawn addon when it was built. Tests that must hold for both loop over these.
import { childProcessStarter, nativeStarter, type ProcessStarter } from "../../src/response/mod.ts";

export function processStarters(): [string, ProcessStarter][] {
  const native = nativeStarter();
  return [["child_process", childProcessStarter], ...(native ? [["posix_spawn", native] as [string, ProcessStarter]] : [])];
}
