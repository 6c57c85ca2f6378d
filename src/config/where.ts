/** Renders a position for a hint: `line:col` in the same file, else `file:line:col`. */
import type { SourceLocation } from "../core/mod.ts";

export function where(at: SourceLocation, from?: SourceLocation): string {
  return at.file === from?.file ? `line ${at.line}:${at.column}` : `${at.file}:${at.line}:${at.column}`;
}
