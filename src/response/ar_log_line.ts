/**
 * One line of `logs/active-responses.log` in Wazuh's format (wazuh-ar.md §3.7):
 * `YYYY/MM/DD HH:MM:SS active-response/bin/<exe>: <message>`, local time. Control
 * characters are escaped so hostile content cannot forge a second line (JSON is already one
 * line). Shared by the execd (protocol lines) and dispatch (dry-run lines).
 * Must not: write anything (callers own their files).
 */

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `2026/01/01 00:00:00` in local time. */
export function arLogTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function arLogLine(ms: number, program: string, message: string): string {
  const safe = message.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return `${arLogTimestamp(ms)} ${program}: ${safe}\n`;
}
