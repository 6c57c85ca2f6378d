/** Public entry of core: the leaf every other folder imports. */
export * from "./diagnostic.ts";
export * from "./errors.ts";
export * from "./clock.ts";
export * from "./logger.ts";
export * from "./codes.ts";
export * from "./event.ts";
export * from "./journal_line.ts";
