/** Public entry of the manager daemon (a library first: nothing runs at import). */
export { createManager, type Manager, type ManagerDeps, type ManagerStats } from "./manager.ts";
export { managerCodes, type ManagerCode } from "./codes.ts";
export { ManagerError } from "./manager_error.ts";
export { managerPaths, type ManagerPaths } from "./manager_paths.ts";
export { buildEngineAnalyzer, wazuhLocation, type Analyzer, type EngineAnalyzerOptions } from "./analysis/mod.ts";
export { alertsWhere, createAlertsJsonOutput, type AlertFilter, type AlertOutput, type AlertsJsonOptions, type AlertQuery, type AlertStore, type StoredAlert } from "./outputs/mod.ts";
export { AgentRegistry, type AgentRecord, type AgentStatus, type DuplicateNamePolicy } from "./agents/mod.ts";
export { controlRequest, type AgentSummary, type ControlHandler, type ControlRegistry, type ControlResponse } from "./control/mod.ts";
