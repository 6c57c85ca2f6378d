/**
 * CDB lists in the text form Wazuh ships (`key:value`, one entry a line): parsing one source
 * into a frozen lookup table. Wazuh compat (semantics §1.5.2): the first unquoted `:`
 * separates key and value; a key or value may be wrapped in `"…"` to hold colons; lines
 * without `:` are ignored; the first occurrence of a key wins; keys compare exactly.
 * Must not: read files (the loader does the I/O) or know about rules.
 */

/** One loaded list: key → value (the value may be ""). Frozen after parse. */
export interface CdbList {
  /** The name rules refer to (`etc/lists/audit-keys`). */
  readonly name: string;
  readonly entries: ReadonlyMap<string, string>;
}

/** Parses the text of one list source. Never throws; malformed lines are skipped. */
export function parseCdbList(name: string, text: string): CdbList {
  const entries = new Map<string, string>();
  for (const rawLine of text.split("\n")) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    const entry = parseLine(line);
    if (entry && !entries.has(entry[0])) entries.set(entry[0], entry[1]);
  }
  return Object.freeze({ name, entries });
}

function parseLine(line: string): [string, string] | undefined {
  let key: string;
  let rest: string;
  if (line.startsWith('"')) {
    const close = line.indexOf('"', 1);
    if (close < 0 || line[close + 1] !== ":") return undefined;
    key = line.slice(1, close);
    rest = line.slice(close + 2);
  } else {
    const colon = line.indexOf(":");
    if (colon < 0) return undefined;
    key = line.slice(0, colon);
    rest = line.slice(colon + 1);
  }
  if (key === "") return undefined;
  const value = rest.length >= 2 && rest.startsWith('"') && rest.endsWith('"') ? rest.slice(1, -1) : rest;
  return [key, value];
}
