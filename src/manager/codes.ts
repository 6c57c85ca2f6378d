/** Codes emitted by the manager daemon (enrollment, registry, intake, control, reload). */
import { defineCodes } from "../core/mod.ts";

export const managerCodes = defineCodes({
  ENROLL_BAD_PASSWORD: "The enrollment password is missing or wrong",
  ENROLL_RATE_LIMITED: "Too many enrollment attempts from this address; try again later",
  ENROLL_DUPLICATE_NAME: "An agent with this name is already registered and the policy refuses duplicates",
  ENROLL_TIMEOUT: "The enrolling client sent no enroll request in time",
  AGENT_UNKNOWN: "No registered agent has this id and certificate",
  AGENT_REVOKED: "The agent was removed; its certificate is refused",
  AGENT_ID_MISMATCH: "An agent claimed an id other than the one in its certificate",
  INTAKE_REPLAY: "Events whose sequence numbers were already accepted arrived again; they were ignored",
  INTAKE_FAILED: "Events could not be written to the intake journal; they were not acknowledged",
  ANALYSIS_FAILED: "The analysis of one event threw; the event was counted and skipped",
  OUTPUT_FAILED: "An alert output could not write an alert",
  CONTROL_UNKNOWN_COMMAND: "The control socket has no handler for this command",
  CONTROL_BAD_REQUEST: "A control request was not valid JSON of the expected shape",
  CONTROL_UNAVAILABLE: "The control socket could not be reached (is the manager running with this home?)",
  RELOAD_REJECTED: "A new configuration or ruleset was rejected on reload; the previous one keeps running",
  MANAGER_HOME_INVALID: "A file under the manager's home could not be read or created",
});
export type ManagerCode = keyof typeof managerCodes;
