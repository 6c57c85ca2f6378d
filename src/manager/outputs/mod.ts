/** Alert outputs (alerts.json, plug-in shape) and the alerts store. */
export type { AlertOutput } from "./alert_output.ts";
export { createAlertsJsonOutput, type AlertsJsonOptions } from "./alerts_json_output.ts";
export { AlertStore, alertsWhere, type AlertFilter, type AlertQuery, type StoredAlert } from "./alert_store.ts";
