/**
 * The registry type for stable error and diagnostic codes. Every folder that emits codes has
 * a `codes.ts` exporting one object built with `defineCodes`; docs/errors.md documents each
 * code, and test/errors_doc.test.ts fails when the two disagree.
 */

/** Code → one-line meaning. Keys are UPPER_SNAKE with a domain prefix (XML_, CFG_, …). */
export type CodeTable = Readonly<Record<string, string>>;

export function defineCodes<const T extends Record<string, string>>(table: T): Readonly<T> {
  for (const key of Object.keys(table)) {
    if (!/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(key)) throw new TypeError(`Invalid code name "${key}"`);
  }
  return Object.freeze(table);
}

/** Codes of core itself. */
export const coreCodes = defineCodes({
  CLI_USAGE: "The command line is not valid for this subcommand",
  CLI_UNKNOWN_COMMAND: "No subcommand of that name exists",
  ERR_INTERNAL: "An internal invariant was violated (a bug): reported, never silent",
});
