/** Public entry of the plug-in decoders (Wazuh `<plugin_decoder>`): the registry and its types. */
export { pluginDecoders } from "./plugins.ts";
export { PLUGIN_NAMES, isPluginName } from "./plugin.ts";
export type { PluginDecoder, PluginInput, PluginName, PluginOutcome } from "./plugin.ts";
