/**
 * Keeps state keys and stored values small whatever attackers put in a field: texts longer
 * than MAX_PLAIN_CHARS are replaced by their SHA-256 (equality is all the stores need), so a
 * capped store of 64 KiB values stays a store of short strings.
 */
import { createHash } from "node:crypto";

const MAX_PLAIN_CHARS = 256;

export function compactKey(text: string): string {
  if (text.length <= MAX_PLAIN_CHARS) return text;
  return `\u0000sha256:${createHash("sha256").update(text).digest("base64")}`;
}
