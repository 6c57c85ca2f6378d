/**
 * Date patterns in a <localfile> location, as Wazuh allows (`/var/log/app-%Y-%m-%d.log`):
 * strftime conversions expanded with the agent's local time, so the location follows the
 * current day's file. Supported: %Y %y %m %d %e %H %M %S %j %a %A %b %B %p %%; any other
 * conversion is kept as written.
 * Must not: read the clock itself (the caller passes the date).
 */

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** True when the location has a date conversion to expand. */
export function hasStrftime(pattern: string): boolean {
  return /%[YymdeHMSjaAbBp]/.test(pattern);
}

export function expandStrftime(pattern: string, d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const dayOfYear = Math.floor((Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) - Date.UTC(d.getFullYear(), 0, 1)) / 86_400_000) + 1;
  const table: Record<string, string> = {
    Y: String(d.getFullYear()),
    y: two(d.getFullYear() % 100),
    m: two(d.getMonth() + 1),
    d: two(d.getDate()),
    e: String(d.getDate()).padStart(2, " "),
    H: two(d.getHours()),
    M: two(d.getMinutes()),
    S: two(d.getSeconds()),
    j: String(dayOfYear).padStart(3, "0"),
    a: (DAYS[d.getDay()] ?? "").slice(0, 3),
    A: DAYS[d.getDay()] ?? "",
    b: (MONTHS[d.getMonth()] ?? "").slice(0, 3),
    B: MONTHS[d.getMonth()] ?? "",
    p: d.getHours() < 12 ? "AM" : "PM",
    "%": "%",
  };
  return pattern.replace(/%(.)/g, (all, c: string) => table[c] ?? all);
}
