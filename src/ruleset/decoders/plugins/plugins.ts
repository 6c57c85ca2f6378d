/** The registry of plug-in decoders, by their Wazuh `<plugin_decoder>` name. */
import { jsonDecoder } from "./json_decoder.ts";
import { ossecAlertDecoder } from "./ossec_alert_decoder.ts";
import { pfDecoder } from "./pf_decoder.ts";
import type { PluginDecoder, PluginName } from "./plugin.ts";
import { sonicwallDecoder } from "./sonicwall_decoder.ts";
import { symantecWsDecoder } from "./symantec_ws_decoder.ts";

export const pluginDecoders: Readonly<Record<PluginName, PluginDecoder>> = Object.freeze({
  JSON_Decoder: jsonDecoder,
  SonicWall_Decoder: sonicwallDecoder,
  PF_Decoder: pfDecoder,
  SymantecWS_Decoder: symantecWsDecoder,
  OSSECAlert_Decoder: ossecAlertDecoder,
});
