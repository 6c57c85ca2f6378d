/** The manager's runtime error: one of the codes of codes.ts, with cause and details. */
import { RiposteError } from "../core/mod.ts";
import type { ManagerCode } from "./codes.ts";

export class ManagerError extends RiposteError {
  override name = "ManagerError";
  declare readonly code: ManagerCode;

  constructor(code: ManagerCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(code, message, options);
  }
}
