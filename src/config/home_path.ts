/**
 * How a relative `<localfile><location>` is resolved: against the Riposte home, as Wazuh
 * resolves against its install directory (`logs/active-responses.log` → HOME/logs/…).
 * Pure path arithmetic; the log collector calls it at build time, when HOME is known.
 */
import { isAbsolute, resolve } from "node:path";

export function resolveHomePath(path: string, home: string): string {
  return isAbsolute(path) ? path : resolve(home, path);
}
