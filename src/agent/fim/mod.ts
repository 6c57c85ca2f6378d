/**
 * Public entry of FIM: createFim (the service the agent runs), the typed event and the
 * syscheck body Wazuh's analysisd decodes.
 */
export { createFim, type Fim, type FimDeps, type FimStats, type SyscheckSpec } from "./fim.ts";
export { syscheckBody, changedAttributes, SYSCHECK_LOCATION, type FimEvent, type FimAttributes, type FimEventType, type FimMode } from "./fim_event.ts";
export { createUserNames, type UserNames } from "./user_names.ts";
export { fimCodes } from "./codes.ts";
