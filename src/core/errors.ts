/**
 * Runtime faults (I/O, network, child processes, protocol): classes with `name`, a stable
 * `code` (documented in docs/errors.md) and `cause`. User-input problems are Diagnostics,
 * not these (see diagnostic.ts).
 * Must not: import anything else of ours.
 */

/** Base of every runtime error Riposte throws on purpose. */
export class RiposteError extends Error {
  override name = "RiposteError";
  readonly code: string;
  /** Structured context (agent id, command, exit code…), safe to log. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...(options?.details ?? {}) });
  }
}

/** Narrows an unknown thrown value to a message without ever throwing itself. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    // A hostile object whose toString throws: nothing better to say than this.
    return "unprintable error";
  }
}

/** The Node.js `code` of a system error (ENOENT, EACCES…), if any. */
export function systemCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}
