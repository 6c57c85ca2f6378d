/**
 * ApiError and the one mapping from an API code to its HTTP status and Wazuh numeric error
 * (statusOf). Every error response has the shape
 * `{title, detail, remediation?, error: <Wazuh code or HTTP status>, code: "API_…"}`,
 * which is Wazuh's problem+json shape plus Riposte's stable `code`.
 * Must not: know routes.
 */
import { RiposteError } from "../core/mod.ts";
import type { ApiCode } from "./codes.ts";

export class ApiError extends RiposteError {
  override name = "ApiError";
  declare readonly code: ApiCode;
  readonly remediation: string | undefined;
  /** Seconds to wait (rate limiting). */
  readonly retryAfterSec: number | undefined;

  constructor(code: ApiCode, message: string, options: { cause?: unknown; remediation?: string; retryAfterSec?: number } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.remediation = options.remediation;
    this.retryAfterSec = options.retryAfterSec;
  }
}

interface Mapping {
  readonly status: number;
  readonly title: string;
  /** Wazuh's numeric error when Wazuh has one, else the HTTP status. */
  readonly error: number;
}

/** The one place an API code becomes an HTTP status. */
export function statusOf(code: ApiCode): Mapping {
  switch (code) {
    case "API_UNAUTHORIZED":
    case "API_TOKEN_EXPIRED":
    case "API_BAD_CREDENTIALS":
      return { status: 401, title: "Unauthorized", error: 401 };
    case "API_FORBIDDEN":
      return { status: 403, title: "Permission Denied", error: 4000 };
    case "API_BAD_REQUEST":
      return { status: 400, title: "Bad Request", error: 400 };
    case "API_UNKNOWN_COMMAND":
      return { status: 400, title: "Bad Request", error: 1652 };
    case "API_NOT_ACCEPTABLE":
      return { status: 406, title: "Not Acceptable", error: 406 };
    case "API_BODY_TOO_LARGE":
      return { status: 413, title: "Request Entity Too Large", error: 413 };
    case "API_NOT_FOUND":
    case "API_NOT_ACTIVE":
      return { status: 404, title: "Not Found", error: 404 };
    case "API_METHOD_NOT_ALLOWED":
      return { status: 405, title: "Method Not Allowed", error: 405 };
    case "API_RATE_LIMITED":
      return { status: 429, title: "Too Many Requests", error: 6001 };
    case "API_UNAVAILABLE":
      return { status: 503, title: "Service Unavailable", error: 503 };
    case "API_BAD_PASSWORD_HASH":
    case "API_INTERNAL":
      return { status: 500, title: "Internal Server Error", error: 1000 };
  }
}

export interface ErrorBody {
  readonly title: string;
  readonly detail: string;
  readonly remediation?: string;
  readonly error: number;
  readonly code: ApiCode;
}

export function errorBody(e: ApiError): { status: number; body: ErrorBody } {
  const m = statusOf(e.code);
  return {
    status: m.status,
    body: { title: m.title, detail: e.message, ...(e.remediation ? { remediation: e.remediation } : {}), error: m.error, code: e.code },
  };
}
