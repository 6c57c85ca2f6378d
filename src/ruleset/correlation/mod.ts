/** Public entry of ruleset/correlation: per-session state of stateful rules. */
export { SessionState, type SessionLimits } from "./session_state.ts";
export { CorrelationStore, type CorrelationLimits } from "./correlation_store.ts";
export { newEntry, type EventEntry } from "./event_entry.ts";
