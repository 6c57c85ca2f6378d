/**
 * Diagnostics about user input (configuration, decoders, rules, lists, CLI arguments).
 *
 * Owns: the position type every stage carries, the diagnostic record, its one-line
 * rendering `file:line:col: error CODE: message (hint)`, and the error thrown once when a
 * whole input has been checked. Diagnostics are collected, never thrown one at a time.
 * Must not: import anything else of ours (core is a leaf).
 */

/** A 1-based position in a source file. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type Severity = "error" | "warning";

/** One problem found in user input. `code` is stable and documented in docs/errors.md. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location?: SourceLocation;
  readonly hint?: string;
}

/** Renders `file:line:col: severity CODE: message (hint: …)`, compiler style. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : "";
  const hint = d.hint ? ` (hint: ${d.hint})` : "";
  return `${where}${d.severity} ${d.code}: ${d.message}${hint}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by file, line and column; positionless ones last, stable otherwise. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => d.location ?? { file: "\uffff", line: 0, column: 0 };
  return [...diagnostics].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka.file !== kb.file) return ka.file < kb.file ? -1 : 1;
    return ka.line - kb.line || ka.column - kb.column;
  });
}

/** Thrown once, at the end of a check, when user input has at least one error. */
export class DiagnosticError extends SyntaxError {
  override readonly name = "DiagnosticError";
  readonly code = "DIAGNOSTICS";
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[], options?: { cause?: unknown }) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const first = errors[0] ? formatDiagnostic(errors[0]) : "no error";
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    super(`${first}${more}`, options);
    this.diagnostics = diagnostics;
  }
}

/**
 * Collects diagnostics while a stage walks its input.
 * Stages create one, add to it, and hand `list` back with their result.
 */
export class DiagnosticBag {
  readonly list: Diagnostic[] = [];

  error(code: string, message: string, location?: SourceLocation, hint?: string): void {
    this.list.push(clean({ code, severity: "error", message, location, hint }));
  }

  warning(code: string, message: string, location?: SourceLocation, hint?: string): void {
    this.list.push(clean({ code, severity: "warning", message, location, hint }));
  }

  addAll(diagnostics: readonly Diagnostic[]): void {
    this.list.push(...diagnostics);
  }

  get hasErrors(): boolean {
    return hasErrors(this.list);
  }
}

function clean(d: Diagnostic): Diagnostic {
  const out: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { code: d.code, severity: d.severity, message: d.message };
  if (d.location) out.location = d.location;
  if (d.hint) out.hint = d.hint;
  return out;
}
