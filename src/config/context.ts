/**
 * What every section parser receives: the diagnostic bag and the role, plus the mutable
 * draft shape sections fill before the whole configuration is frozen. Must not: hold state
 * between two parseConfig calls.
 */
import type { DiagnosticBag } from "../core/mod.ts";
import type { Role } from "./types.ts";

export interface ParseContext {
  readonly bag: DiagnosticBag;
  readonly role: Role;
}

/** A writable copy of a config type: fields writable, arrays pushable. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
