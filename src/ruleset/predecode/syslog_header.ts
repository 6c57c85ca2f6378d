/**
 * Hostname and program name after a syslog date (semantics §1.2 step 2), and the OS X ASL
 * bracket form (step 3). Works on character indexes of the original message; every test here
 * is on ASCII characters, so characters and bytes agree.
 * Must not: throw, backtrack, or look at the date itself (date_prefix.ts owns that).
 */

export interface HeaderParts {
  /** Index in the message where the log (what decoders see) starts. */
  logStart: number;
  /** Index where the log ends (ASL's [Message ...] ends before the end of the message). */
  logEnd: number;
  hostname?: string;
  programName?: string;
}

/** Wazuh's isValidChar: ASCII letters, digits and `( ) - . / @ _`. */
export function isValidChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ||
    c === 40 || c === 41 || c === 45 || c === 46 || c === 47 || c === 64 || c === 95
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c);
}

function runEnd(s: string, i: number): number {
  while (i < s.length && isValidChar(s.charCodeAt(i))) i++;
  return i;
}

/** Parses `host prog[pid]: ` from `start` (just after the date). */
export function parseSyslogHost(s: string, start: number): HeaderParts {
  let pos = start;
  if (s.charCodeAt(pos) === 32) pos++; // Wazuh compat: one extra space after the date
  const end = runEnd(s, pos);
  const next = s.charCodeAt(end);
  if (next === 58 && s.charCodeAt(end + 1) === 32) {
    // Solaris 8/9: no hostname, `prog: msg`.
    return stripSolarisId(s, { logStart: end + 2, logEnd: s.length, programName: s.slice(pos, end) });
  }
  if (next !== 32) return { logStart: pos, logEnd: s.length };
  const hostname = s.slice(pos, end);
  const progStart = end + 1;
  const prog = parseProgram(s, progStart);
  if (!prog) return { logStart: progStart, logEnd: s.length, hostname };
  return stripSolarisId(s, { logStart: prog.logStart, logEnd: s.length, hostname, programName: prog.name });
}

function parseProgram(s: string, start: number): { name: string; logStart: number } | undefined {
  const end = runEnd(s, start);
  const c = s.charCodeAt(end);
  if (c === 58) {
    // `prog:` with an optional space
    const after = end + 1;
    return { name: s.slice(start, end), logStart: s.charCodeAt(after) === 32 ? after + 1 : after };
  }
  if (c === 91 && isDigit(s.charCodeAt(end + 1))) {
    let p = end + 2;
    while (isDigit(s.charCodeAt(p))) p++;
    if (s.charCodeAt(p) === 93 && s.charCodeAt(p + 1) === 58) {
      const after = p + 2;
      return { name: s.slice(start, end), logStart: s.charCodeAt(after) === 32 ? after + 1 : after };
    }
    if (s.charCodeAt(p) === 93 && s.charCodeAt(p + 1) === 32) return { name: s.slice(start, end), logStart: p + 2 };
    return undefined;
  }
  if (c === 124) {
    const l = s.charCodeAt(end + 1);
    if (l >= 97 && l <= 122) return parseAixProgram(s, end + 2, start);
  }
  return undefined;
}

/** AIX: `host auth|security:info prog[pid]: msg` (the `|` and its first letter are skipped). */
function parseAixProgram(s: string, from: number, afterHost: number): { name: string; logStart: number } | undefined {
  let p = from;
  while (isAlnum(s.charCodeAt(p))) p++;
  if (s.charCodeAt(p) !== 58) return undefined;
  p++;
  while (isAlnum(s.charCodeAt(p))) p++;
  if (s.charCodeAt(p) !== 32) return undefined;
  const start = p + 1;
  const end = runEnd(s, start);
  if (s.charCodeAt(end) === 58 && s.charCodeAt(end + 1) === 32) return { name: s.slice(start, end), logStart: end + 2 };
  if (s.charCodeAt(end) === 91 && isDigit(s.charCodeAt(end + 1))) {
    let q = end + 2;
    while (isDigit(s.charCodeAt(q))) q++;
    if (s.charCodeAt(q) === 93 && s.charCodeAt(q + 1) === 58 && s.charCodeAt(q + 2) === 32) {
      return { name: s.slice(start, end), logStart: q + 3 };
    }
    // Wazuh compat: a malformed `[pid]` keeps the program name; the log starts after the host.
    return { name: s.slice(start, end), logStart: afterHost };
  }
  // Wazuh compat: on any other ending the C code never terminates the name, so the program
  // name runs to the end of the message; the log starts where the name's run stopped.
  return { name: s.slice(start), logStart: end };
}

/** Solaris `[ID 123 auth.info] ` after the program name is removed as well. */
function stripSolarisId(s: string, parts: HeaderParts): HeaderParts {
  const i = parts.logStart;
  if (s.startsWith("[ID ", i)) {
    const close = s.indexOf("]", i + 4);
    if (close >= 0) return { ...parts, logStart: Math.min(close + 2, s.length) };
  }
  return parts;
}

/** OS X ASL: `[Time ...] [Facility f] [Sender prog] [PID n] [Message text] ... [Host h]`. */
export function parseAsl(s: string, start: number): HeaderParts {
  const out: HeaderParts = { logStart: start, logEnd: s.length };
  let doneMessage = false;
  let p = s.indexOf("[", start);
  while (p >= 0) {
    p++;
    if (out.programName === undefined && s.startsWith("Sender ", p)) {
      const close = s.indexOf("]", p + 7);
      if (close < 0) break;
      out.programName = s.slice(p + 7, close);
      p = close + 1;
    } else if (!doneMessage && s.startsWith("Message ", p)) {
      doneMessage = true;
      out.logStart = p + 8;
      const close = s.indexOf("]", p + 8);
      if (close < 0) break;
      out.logEnd = close;
      p = close + 1;
    } else if (s.startsWith("Host ", p)) {
      const close = s.indexOf("]", p + 5);
      if (close >= 0) out.hostname = s.slice(p + 5, close);
      break;
    }
    p = s.indexOf("[", p);
  }
  return out;
}
