/**
 * The runtime error of `riposte replay` (a log that cannot be read, no ruleset).
 * Must not: hold logic.
 */
import { RiposteError } from "../core/mod.ts";

export class ReplayError extends RiposteError {
  override name = "ReplayError";
}
