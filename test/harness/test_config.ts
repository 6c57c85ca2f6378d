/**
 * Builds a validated Config from an ossec.conf text for tests (through the real reader and
 * parser), failing loudly with the diagnostics when it does not parse.
 */
import { formatDiagnostic } from "../../src/core/mod.ts";
import { parseConfig, type Config, type Role } from "../../src/config/mod.ts";
import { readXml } from "../../src/xml/mod.ts";

export function configFromXml(xml: string, role: Role, file = "test-ossec.conf"): Config {
  const result = parseConfig([readXml(xml, file, { dialect: "config" })], { role });
  if (!result.config) throw new Error(`test configuration does not parse:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
  return result.config;
}

/** A manager configuration on 127.0.0.1 with port 0 everywhere. */
export function managerConfigXml(options: { usePassword?: boolean; disconnectSec?: number; localfiles?: readonly string[] } = {}): string {
  const files = (options.localfiles ?? []).map((f) => `<localfile><log_format>syslog</log_format><location>${f}</location></localfile>`).join("");
  return `<ossec_config>
  <global><jsonout_output>yes</jsonout_output>${options.disconnectSec ? `<agents_disconnection_time>${options.disconnectSec}s</agents_disconnection_time>` : ""}</global>
  <remote><connection>secure</connection><port>0</port><protocol>tcp</protocol><local_ip>127.0.0.1</local_ip></remote>
  <auth><port>0</port><use_password>${options.usePassword ? "yes" : "no"}</use_password></auth>
  ${files}
</ossec_config>`;
}

/** An agent configuration pointing at 127.0.0.1:`port`, tailing `files`. */
export function agentConfigXml(port: number, files: readonly string[] = [], options: { reconnectSec?: number; realtimeDir?: string } = {}): string {
  const fim = options.realtimeDir === undefined ? "" : `<syscheck><disabled>no</disabled><frequency>43200</frequency><directories realtime="yes">${options.realtimeDir}</directories></syscheck>`;
  const lf = files.map((f) => `<localfile><log_format>syslog</log_format><location>${f}</location><only-future-events>no</only-future-events></localfile>`).join("");
  return `<ossec_config>
  <client><server><address>127.0.0.1</address><port>${port}</port><protocol>tcp</protocol></server>
  <notify_time>1</notify_time><time-reconnect>${options.reconnectSec ?? 60}</time-reconnect></client>
  ${lf}
  ${fim}
</ossec_config>`;
}
