/**
 * Reading one option's value: trimmed text with its exact position, yes/no booleans,
 * integers in a range, ports, durations, enumerations. Each reader reports its own
 * diagnostic (positioned at the value) and returns undefined on a bad value, so the caller
 * keeps the default and goes on. Must not: know about sections.
 */
import type { DiagnosticBag, SourceLocation } from "../core/mod.ts";
import type { XmlAttribute, XmlElement } from "../xml/mod.ts";
import { didYouMeanValue } from "./did_you_mean.ts";
import { MAX_PORT } from "./defaults.ts";

/** The value of an element or attribute: trimmed, with the position of its first character. */
export interface Value {
  readonly text: string;
  readonly at: SourceLocation;
}

/** Wazuh trims option values; the position points at the first non-blank character. */
export function valueOf(el: XmlElement): Value {
  return trimmed(el.text, el.textLocation);
}

export function attributeValue(attr: XmlAttribute): Value {
  return trimmed(attr.value, attr.valueLocation);
}

function trimmed(raw: string, start: SourceLocation): Value {
  let line = start.line;
  let column = start.column;
  let i = 0;
  for (; i < raw.length && /\s/.test(raw[i] ?? ""); i++) {
    if (raw[i] === "\n") {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { text: raw.trim(), at: { file: start.file, line, column } };
}

/** Non-empty text, else CFG_EMPTY_VALUE. */
export function readText(el: XmlElement, bag: DiagnosticBag): string | undefined {
  const v = valueOf(el);
  if (v.text === "") {
    bag.error("CFG_EMPTY_VALUE", `Cannot use <${el.name}>: the value is empty`, v.at);
    return undefined;
  }
  return v.text;
}

/** `yes` or `no` exactly (Wazuh compat: anything else is a configuration error). */
export function readBool(el: XmlElement, bag: DiagnosticBag): boolean | undefined {
  return parseBool(valueOf(el), `<${el.name}>`, bag);
}

export function parseBool(v: Value, what: string, bag: DiagnosticBag): boolean | undefined {
  if (v.text === "yes") return true;
  if (v.text === "no") return false;
  const lower = v.text.toLowerCase();
  const hint = ["true", "on", "1", "enabled", "y", "yes"].includes(lower)
    ? 'write "yes"'
    : ["false", "off", "0", "disabled", "n", "no"].includes(lower)
      ? 'write "no"'
      : 'write "yes" or "no"';
  bag.error("CFG_INVALID_BOOLEAN", `Cannot read ${what}: "${v.text}" is not yes or no`, v.at, hint);
  return undefined;
}

export interface IntRange {
  readonly min: number;
  readonly max: number;
  /** Unit named in messages ("seconds"). */
  readonly unit?: string;
  /** Hint for a value that is not an integer. */
  readonly hint?: string;
}

/** A decimal integer within `range`. */
export function readInt(el: XmlElement, bag: DiagnosticBag, range: IntRange): number | undefined {
  return parseInt10(valueOf(el), `<${el.name}>`, bag, range);
}

export function parseInt10(v: Value, what: string, bag: DiagnosticBag, range: IntRange): number | undefined {
  if (!/^[+-]?\d+$/.test(v.text)) {
    bag.error("CFG_INVALID_NUMBER", `Cannot read ${what}: "${v.text}" is not an integer`, v.at, range.hint);
    return undefined;
  }
  const n = Number(v.text);
  if (n < range.min || n > range.max) {
    const unit = range.unit ? ` ${range.unit}` : "";
    bag.error("CFG_OUT_OF_RANGE", `Cannot use ${what} ${v.text}: it must be between ${range.min} and ${range.max}${unit}`, v.at);
    return undefined;
  }
  return n;
}

/** A TCP port 0..65535 (0 = any free port). */
export function readPort(el: XmlElement, bag: DiagnosticBag): number | undefined {
  return readInt(el, bag, { min: 0, max: MAX_PORT });
}

const DURATION_UNITS: Readonly<Record<string, number>> = { "": 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** A duration in seconds: an integer with an optional `s`, `m`, `h`, `d` or `w` suffix (Wazuh compat). */
export function readDuration(el: XmlElement, bag: DiagnosticBag, minSeconds = 0): number | undefined {
  const v = valueOf(el);
  const m = /^(\d+)([smhdw]?)$/.exec(v.text);
  if (!m) {
    bag.error("CFG_INVALID_DURATION", `Cannot read <${el.name}>: "${v.text}" is not a duration`, v.at, "write a number of seconds, or a number followed by s, m, h, d or w (e.g. 15m)");
    return undefined;
  }
  const seconds = Number(m[1]) * (DURATION_UNITS[m[2] ?? ""] ?? 1);
  if (seconds < minSeconds) {
    bag.error("CFG_OUT_OF_RANGE", `Cannot use <${el.name}> ${v.text}: it must be at least ${minSeconds} seconds`, v.at);
    return undefined;
  }
  return seconds;
}

/** One of `allowed`, exactly; else CFG_INVALID_VALUE with a did-you-mean. */
export function readEnum<const T extends string>(el: XmlElement, bag: DiagnosticBag, allowed: readonly T[]): T | undefined {
  return parseEnum(valueOf(el), `<${el.name}>`, bag, allowed);
}

export function parseEnum<const T extends string>(v: Value, what: string, bag: DiagnosticBag, allowed: readonly T[]): T | undefined {
  const found = allowed.find((a) => a === v.text);
  if (found !== undefined) return found;
  const hint = didYouMeanValue(v.text, allowed) ?? `one of ${allowed.map((a) => `"${a}"`).join(", ")}`;
  bag.error("CFG_INVALID_VALUE", `Cannot use ${what} "${v.text}": it must be one of ${allowed.join(", ")}`, v.at, hint);
  return undefined;
}

/** Splits a comma list, trimming and dropping empty items. */
export function commaList(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter((s) => s !== "");
}
