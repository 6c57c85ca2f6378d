/** Public entry of pre-decoding: syslog header parsing and event-time extraction. */
export { predecode, parseHeader, splitLocation } from "./predecode.ts";
export type { PredecodeOptions, PredecodedWithForm } from "./predecode.ts";
export { eventTimeMs } from "./event_time.ts";
export type { EventTimeOptions } from "./event_time.ts";
export type { DateForm } from "./date_prefix.ts";
