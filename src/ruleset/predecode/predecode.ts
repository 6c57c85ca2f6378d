/**
 * Pre-decoding (Wazuh OS_CleanMSG, semantics §1.2): splits a raw message into the syslog
 * header (timestamp, hostname, program name) and the log that decoders and rules see, and
 * resolves the agent id / hostname from the location.
 * Pure, linear in the message length, never throws. Must not: interpret the log itself.
 */
import { hostname as osHostname } from "node:os";
import type { RawEvent } from "../../core/mod.ts";
import type { Predecoded } from "../decoded_event.ts";
import { matchDatePrefix, isSyslogForm, type DatePrefix, type DateForm } from "./date_prefix.ts";
import { parseAsl, parseSyslogHost, type HeaderParts } from "./syslog_header.ts";

export interface PredecodeOptions {
  /** Host name used for local events without a syslog hostname. Default: this machine's. */
  readonly managerName?: string;
}

/** Kept for callers written before `headerForm` joined Predecoded. */
export type PredecodedWithForm = Predecoded;

let defaultManagerName: string | undefined;

function managerNameOf(options: PredecodeOptions | undefined): string {
  if (options?.managerName !== undefined) return options.managerName;
  defaultManagerName ??= osHostname();
  return defaultManagerName;
}

/** Pre-decodes one event. Never throws. */
export function predecode(raw: RawEvent, options?: PredecodeOptions): PredecodedWithForm {
  const message = cString(typeof raw.log === "string" ? raw.log : "");
  const header = parseHeader(message);
  const where = splitLocation(typeof raw.location === "string" ? raw.location : "");
  let hostname = header.hostname;
  if (where.agentHost !== undefined) hostname = where.agentHost;
  else hostname ??= managerNameOf(options);
  const out: { -readonly [K in keyof PredecodedWithForm]: PredecodedWithForm[K] } = {
    log: header.log,
    fullLog: message,
    hostname,
    location: where.location,
    agentId: where.agentId,
  };
  if (header.programName !== undefined) out.programName = header.programName;
  if (header.timestamp !== undefined) out.timestamp = header.timestamp;
  if (header.form !== undefined) out.headerForm = header.form;
  return out;
}

/** Wazuh compat: the message is a C string; nothing after a NUL character exists for Wazuh. */
function cString(s: string): string {
  const nul = s.indexOf("\u0000");
  return nul < 0 ? s : s.slice(0, nul);
}

interface ParsedHeader {
  log: string;
  timestamp?: string;
  hostname?: string;
  programName?: string;
  form?: DateForm;
}

/** The header part of pre-decoding, on the message alone. */
export function parseHeader(message: string): ParsedHeader {
  const view = byteView(message);
  const date = matchDatePrefix(view.bytes, view.length);
  if (!date) return { log: message };
  const cut = view.toChar(date.removeBytes);
  const timestamp = date.form === "asl" ? undefined : message.slice(view.toChar(date.tsStart), view.toChar(date.tsEnd));
  let parts: HeaderParts;
  if (isSyslogForm(date.form)) parts = parseSyslogHost(message, cut);
  else if (date.form === "asl") parts = parseAsl(message, cut);
  else parts = otherFormLog(message, cut, date);
  const out: ParsedHeader = { log: message.slice(parts.logStart, parts.logEnd), form: date.form };
  if (timestamp !== undefined) out.timestamp = date.form === "squid" ? message.slice(0, Math.max(0, parts.logStart - 1)) : timestamp;
  if (parts.hostname !== undefined) out.hostname = parts.hostname;
  if (parts.programName !== undefined) out.programName = parts.programName;
  return out;
}

function otherFormLog(message: string, cut: number, date: DatePrefix): HeaderParts {
  let start = Math.min(cut, message.length);
  // Wazuh compat: squid's epoch is followed by a padded duration; all spaces go.
  if (date.form === "squid") while (message.charCodeAt(start) === 32) start++;
  return { logStart: start, logEnd: message.length };
}

interface ByteView {
  /** The message (ASCII prefix) or its UTF-8 prefix as a one-char-per-byte string. */
  readonly bytes: string;
  /** Length of the whole message in bytes. */
  readonly length: number;
  /** Byte offset in the prefix → character index in the message. */
  toChar(byteOffset: number): number;
}

const PREFIX = 40;

const identity = (b: number): number => b;

function byteView(message: string): ByteView {
  const n = Math.min(message.length, PREFIX);
  let ascii = true;
  for (let i = 0; i < n; i++) {
    if (message.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { bytes: message, length: message.length, toChar: identity };
  const prefix = message.slice(0, PREFIX);
  return {
    bytes: Buffer.from(prefix, "utf8").toString("latin1"),
    length: Buffer.byteLength(message, "utf8"),
    toChar: (b) => byteToCharIndex(message, b),
  };
}

/** Character index whose UTF-8 offset is at least `byteOffset`. */
function byteToCharIndex(s: string, byteOffset: number): number {
  let bytes = 0;
  let i = 0;
  while (i < s.length && bytes < byteOffset) {
    const c = s.codePointAt(i) ?? 0;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    i += c >= 0x10000 ? 2 : 1;
  }
  return i;
}

interface SplitLocation {
  location: string;
  agentId: string;
  agentHost?: string;
}

/** `[001] (web01) 10.0.0.5->/var/log/secure` → agent 001, host web01, location after `] `. */
export function splitLocation(location: string): SplitLocation {
  if (location.charCodeAt(0) !== 91) return { location, agentId: "000" };
  const close = location.indexOf("]", 1);
  if (close < 0) return { location, agentId: "000" };
  const agentId = location.slice(1, close);
  const rest = close + 1 < location.length ? location.slice(close + 2) : "";
  let agentHost = "";
  if (rest.charCodeAt(0) === 40) {
    const end = rest.indexOf(")", 1);
    agentHost = end >= 0 ? rest.slice(1, end) : "";
  }
  return { location: rest, agentId, agentHost };
}
