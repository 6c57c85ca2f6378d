/**
 * The logger facade every component receives (never a global). Lines are
 * `2026-01-01T00:00:00.000Z level component: message key=value…`, one per line; values from
 * events are escaped so a hostile log line cannot forge a second log line.
 * Must not: import anything else of ours.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines name `component`. */
  child(component: string): Logger;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly component?: string;
  /** Where lines go; defaults to stderr. */
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = ORDER[options.level ?? "info"];
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const now = options.now ?? Date.now;
  const make = (component: string): Logger => {
    const emit = (lvl: LogLevel, message: string, fields?: LogFields) => {
      if (ORDER[lvl] < level) return;
      const ts = new Date(now()).toISOString();
      write(`${ts} ${lvl} ${component}: ${escapeValue(message)}${renderFields(fields)}\n`);
    };
    return {
      debug: (m, f) => emit("debug", m, f),
      info: (m, f) => emit("info", m, f),
      warn: (m, f) => emit("warn", m, f),
      error: (m, f) => emit("error", m, f),
      child: (c) => make(component ? `${component}.${c}` : c),
    };
  };
  return make(options.component ?? "riposte");
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = createLogger({ write: () => {}, level: "error" });

function renderFields(fields: LogFields | undefined): string {
  if (!fields) return "";
  let out = "";
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const text = typeof v === "string" ? v : safeJson(v);
    out += ` ${k}=${/[\s"=\\]/.test(text) || text === "" ? JSON.stringify(text) : escapeValue(text)}`;
  }
  return out;
}

function safeJson(v: unknown): string {
  try {
    return v instanceof Error ? v.message : (JSON.stringify(v) ?? String(v));
  } catch {
    // Circular or hostile value: a placeholder keeps the line intact.
    return "[unserialisable]";
  }
}

/** Control characters (newlines included) become visible escapes. */
function escapeValue(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
