/**
 * Recognises the date that starts a message, by fixed character positions, exactly as Wazuh
 * 4.14.7's OS_CleanMSG does (semantics §1.2 step 1 and step 3). Owns only the positional
 * tests and how many characters each form removes; hostname/program parsing is elsewhere.
 * Must not: allocate per event beyond one small string for non-ASCII prefixes, or throw.
 *
 * Wazuh compat: the tests run on bytes, not characters. A message whose first characters are
 * not ASCII is examined through its UTF-8 encoding so positions agree with the C code.
 */
import type { HeaderForm } from "../decoded_event.ts";

/** Which header form matched. A–E are the syslog forms that are followed by hostname parsing. */
export type DateForm = HeaderForm;

export interface DatePrefix {
  readonly form: DateForm;
  /** Bytes (UTF-8) removed from the start of the message. */
  readonly removeBytes: number;
  /** Bytes where the timestamp text starts and ends (Wazuh's dec_timestamp). */
  readonly tsStart: number;
  readonly tsEnd: number;
}

/** Syslog forms after which Wazuh parses a hostname and a program name. */
export function isSyslogForm(form: DateForm): boolean {
  return form === "syslog" || form === "proftpd" || form === "iso8601" || form === "year-syslog" || form === "macos-uls";
}

const SP = 32;
const COLON = 58;
const DASH = 45;
const DOT = 46;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * `b` is the message as a byte string (one char per byte, or the message itself when its
 * prefix is ASCII); `len` its length in bytes. Returns undefined when no form fits.
 */
export function matchDatePrefix(b: string, len: number): DatePrefix | undefined {
  // Wazuh compat: "Mär" (UTF-8 ä at bytes 1–2) is tested as if it were "Mar" (cleanevent.c).
  const at = b.charCodeAt(1) === 0xc3 && b.charCodeAt(2) === 0xa4 ? (i: number): number => (i === 0 ? 77 : b.charCodeAt(i + 1)) : (i: number): number => b.charCodeAt(i);
  // Cheap exits: every form has a space, '-', '/', '[' or '.' at one of a few positions.
  const c3 = at(3);
  const c4 = at(4);
  if (c3 !== SP && c4 !== DASH && c4 !== SP && at(2) !== 47 && at(0) !== 91 && at(10) !== DOT) return undefined;
  const syslog = matchSyslogForms(at, len);
  if (syslog) return syslog;
  return matchOtherForms(at, len);
}

function fit(form: DateForm, removeBytes: number, tsStart = 0, tsEnd = removeBytes - 1): DatePrefix {
  return Object.freeze({ form, removeBytes, tsStart, tsEnd });
}

// Results are immutable and few: each is made once.
const SYSLOG_16 = fit("syslog", 16);
const PROFTPD_24 = fit("proftpd", 24);
const ISO_26 = fit("iso8601", 26);
const ISO_30 = fit("iso8601", 30);
const ISO_32 = fit("iso8601", 32);
const ISO_33 = fit("iso8601", 33);
const YEAR_21 = fit("year-syslog", 21);
const ULS_32 = fit("macos-uls", 32);
const XFER_25 = fit("xferlog", 25);
const SNORT_23 = fit("snort", 23, 0, 21);
const SURICATA_28 = fit("suricata", 28, 0, 26);
const APACHE_27 = fit("apache", 27, 1, 25);
const ASL_25 = fit("asl", 25, 0, 0);
const SQUID_14 = fit("squid", 14);

function matchSyslogForms(at: (i: number) => number, len: number): DatePrefix | undefined {
  if (len > 16 && at(3) === SP && at(6) === SP && at(9) === COLON && at(12) === COLON && at(15) === SP) {
    return SYSLOG_16;
  }
  if (len > 23 && at(4) === DASH && at(7) === DASH && at(10) === SP && at(13) === COLON && at(16) === COLON && at(19) === 44) {
    return PROFTPD_24;
  }
  if (len > 32 && at(4) === DASH && at(7) === DASH && at(10) === 84 && at(13) === COLON && at(16) === COLON) {
    if (at(22) === COLON && at(25) === SP) return ISO_26;
    if (at(19) === DOT) {
      if (at(26) === COLON) return ISO_30;
      if (at(29) === COLON) return ISO_33;
      return ISO_32;
    }
  }
  if (
    len > 20 && isDigit(at(0)) && at(4) === SP && at(8) === SP && at(11) === SP &&
    at(14) === COLON && at(17) === COLON && at(20) === SP
  ) {
    return YEAR_21;
  }
  if (
    len > 32 && isDigit(at(0)) && at(4) === DASH && at(7) === DASH && at(10) === SP && at(13) === COLON &&
    at(16) === COLON && at(19) === DOT && (at(26) === DASH || at(26) === 43) && at(31) === SP
  ) {
    return ULS_32;
  }
  return undefined;
}

function matchOtherForms(at: (i: number) => number, len: number): DatePrefix | undefined {
  if (
    len > 27 && at(3) === SP && at(7) === SP && at(10) === SP && at(13) === COLON && at(16) === COLON &&
    at(19) === SP && at(24) === SP && at(26) === SP
  ) {
    return XFER_25;
  }
  if (len > 23 && at(2) === 47 && at(5) === DASH && at(8) === COLON && at(11) === COLON && at(14) === DOT && at(21) === SP) {
    return SNORT_23;
  }
  if (
    len > 25 && at(2) === 47 && at(5) === 47 && at(10) === DASH && at(13) === COLON && at(16) === COLON &&
    at(19) === DOT && at(26) === SP
  ) {
    return SURICATA_28;
  }
  if (
    len > 26 && at(0) === 91 && at(4) === SP && at(8) === SP && at(11) === SP && at(14) === COLON &&
    at(17) === COLON && at(20) === SP && at(25) === 93
  ) {
    return APACHE_27;
  }
  if (len > 25 && at(0) === 91 && at(1) === 84 && at(5) === SP && at(10) === DOT && at(13) === DOT && at(16) === SP && at(19) === COLON) {
    return ASL_25;
  }
  if (
    len > 31 && at(0) === 49 && isDigit(at(1)) && isDigit(at(2)) && isDigit(at(3)) && at(10) === DOT &&
    isDigit(at(13)) && at(14) === SP && (at(21) === SP || at(22) === SP)
  ) {
    return SQUID_14;
  }
  return undefined;
}
