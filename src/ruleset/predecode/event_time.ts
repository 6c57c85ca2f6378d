/**
 * The event time of a pre-decoded header, for `--clock event` (replaying history): turns the
 * timestamp text of each header form into epoch milliseconds. Forms without a year (classic
 * syslog, snort) take the year of a reference time, or the year before when that would put the
 * event more than a day after the reference.
 * Pure: the reference time and zone are passed in. Must not: read the wall clock, throw.
 */
import type { DateForm } from "./date_prefix.ts";

export interface EventTimeOptions {
  /** Reference instant (usually the receipt time), ms since epoch: gives the missing year. */
  readonly referenceMs: number;
  /** How to read times without a zone. Default "local" (the process time zone), like syslog. */
  readonly timeZone?: "local" | "utc";
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_MS = 86_400_000;

function monthIndex(name: string): number {
  const m = name.toLowerCase();
  // Wazuh compat: the German "Mär" is a March the header parser accepts.
  return m === "mär" ? 2 : MONTHS.indexOf(m);
}

interface Parts {
  y?: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  offsetMin?: number;
}

function build(p: Parts, o: EventTimeOptions): number | undefined {
  const inRange = p.mo >= 0 && p.mo < 12 && p.d >= 1 && p.d <= 31 && p.h < 24 && p.mi < 60 && p.s < 61;
  if (!inRange) return undefined;
  const at = (year: number): number => {
    if (p.offsetMin !== undefined) return Date.UTC(year, p.mo, p.d, p.h, p.mi, p.s, p.ms) - p.offsetMin * 60_000;
    if (o.timeZone === "utc") return Date.UTC(year, p.mo, p.d, p.h, p.mi, p.s, p.ms);
    return new Date(year, p.mo, p.d, p.h, p.mi, p.s, p.ms).getTime();
  };
  if (p.y !== undefined) return at(p.y);
  const refYear = new Date(o.referenceMs).getUTCFullYear();
  const t = at(refYear);
  return t - o.referenceMs > DAY_MS ? at(refYear - 1) : t;
}

function num(s: string | undefined): number {
  return s === undefined ? Number.NaN : Number(s);
}

function fraction(s: string | undefined): number {
  return s ? Math.floor(Number(`0.${s}`) * 1000) : 0;
}

function zone(z: string | undefined): number | undefined {
  if (!z) return undefined;
  if (z === "Z" || z === "z") return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(z);
  if (!m) return undefined;
  const v = num(m[2]) * 60 + num(m[3]);
  return m[1] === "-" ? -v : v;
}

const SYSLOG = /^(\S{3,4}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)$/;
const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:?\d\d)?$/;
const YEAR_SYSLOG = /^(\d{4}) (\S{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)$/;
const XFER = /^\S{3} (\S{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})$/;
const SNORT = /^(\d\d)\/(\d\d)(?:\/(\d{4}))?-(\d\d):(\d\d):(\d\d)\.(\d+)$/;

/**
 * Epoch ms of a pre-decoded timestamp, or undefined when the text does not parse (the header
 * tests are positional, so a recognised header can still hold garbage).
 */
export function eventTimeMs(timestamp: string, form: DateForm, options: EventTimeOptions): number | undefined {
  let m: RegExpExecArray | null;
  switch (form) {
    case "syslog":
      m = SYSLOG.exec(timestamp);
      return m ? build({ mo: monthIndex(m[1] ?? ""), d: num(m[2]), h: num(m[3]), mi: num(m[4]), s: num(m[5]), ms: 0 }, options) : undefined;
    case "proftpd":
    case "iso8601":
    case "macos-uls":
      m = ISO.exec(timestamp);
      if (!m) return undefined;
      return build({ y: num(m[1]), mo: num(m[2]) - 1, d: num(m[3]), h: num(m[4]), mi: num(m[5]), s: num(m[6]), ms: fraction(m[7]), offsetMin: zone(m[8]) }, options);
    case "year-syslog":
      m = YEAR_SYSLOG.exec(timestamp);
      return m ? build({ y: num(m[1]), mo: monthIndex(m[2] ?? ""), d: num(m[3]), h: num(m[4]), mi: num(m[5]), s: num(m[6]), ms: 0 }, options) : undefined;
    case "xferlog":
    case "apache":
      m = XFER.exec(timestamp);
      return m ? build({ y: num(m[6]), mo: monthIndex(m[1] ?? ""), d: num(m[2]), h: num(m[3]), mi: num(m[4]), s: num(m[5]), ms: 0 }, options) : undefined;
    case "snort":
    case "suricata":
      m = SNORT.exec(timestamp);
      if (!m) return undefined;
      return build({ y: m[3] ? num(m[3]) : undefined, mo: num(m[1]) - 1, d: num(m[2]), h: num(m[4]), mi: num(m[5]), s: num(m[6]), ms: fraction(m[7]) }, options);
    case "squid": {
      const secs = Number.parseFloat(timestamp);
      return Number.isFinite(secs) ? Math.floor(secs * 1000) : undefined;
    }
    case "asl":
      return undefined;
  }
}
