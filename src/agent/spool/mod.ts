/** Public entry of the agent's event spool. */
export { EventSpool, type EventSpoolOptions, type SpooledEvent } from "./event_spool.ts";
