/**
 * The replay report as text (the default output of `riposte replay`): totals, alerts per
 * rule, per response block, the addresses that would have been blocked, likely false
 * positives, guard skips and breaker trips. Times in UTC ISO form.
 * Must not: do I/O.
 */
import type { ReplayReport } from "./replay_report.ts";

const iso = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace(".000Z", "Z"));

/** `3h05m`, `12m30s`, `45s`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s >= 86_400) return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, "0")}h`;
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "  (none)\n";
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [head, ...rows].map((r) => `  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()}`).join("\n") + "\n";
}

const MAX_ROWS = 50;

function capped<T>(list: readonly T[]): { rows: readonly T[]; more: string } {
  return { rows: list.slice(0, MAX_ROWS), more: list.length > MAX_ROWS ? `  … and ${list.length - MAX_ROWS} more (--json lists all)\n` : "" };
}

export function formatReplayText(r: ReplayReport): string {
  let out = `Replay: ${r.lines} lines, ${r.events} events, ${r.alerts} alerts, from ${iso(r.firstEventAt)} to ${iso(r.lastEventAt)}\n`;
  if (r.input) out += `Read ${r.input.files.map((f) => `${f.path} (${f.format}, ${f.lines} lines${f.bad ? `, ${f.bad} bad` : ""})`).join(", ")} in ${(r.input.wallMs / 1000).toFixed(2)} s: ${Math.round(r.input.linesPerSecond)} lines/s (${Math.round(r.input.linesPerCpuSecond)} per CPU-second)\n`;
  out += "Nothing was run: this is what the configuration would have done.\n\nAlerts per rule:\n";
  const rules = capped(r.rules);
  out += table(["RULE", "LEVEL", "ALERTS", "DESCRIPTION"], rules.rows.map((x) => [x.id, String(x.level), String(x.count), x.description.slice(0, 90)])) + rules.more;
  out += "\nResponses per block:\n";
  out += table(["BLOCK", "RESPONSES", "NEW BLOCKS", "RENEWED", "ADDRESSES", "DRY-RUN", "BREAKER", "GUARDED", "WHITELISTED"], r.blocks.map((b) => [
    b.name + (b.dryRunBlock ? " (dry_run)" : ""), String(b.responses), String(b.newBlocks), String(b.renewals), String(b.distinctAddresses),
    String(b.dryRuns), String(b.breakerDryRuns), String(b.selfProtected), String(b.whitelisted),
  ]));
  for (const b of r.blocks) {
    const busy = b.timeline.filter((t) => t.run + t.suppressed > 0);
    if (busy.length === 0) continue;
    out += `  ${b.name} timeline (per ${formatDuration(r.bucketMs)}): ${busy.slice(0, 24).map((t) => `${iso(t.at).slice(11, 16)} ${t.run}${t.suppressed ? `+${t.suppressed}` : ""}`).join(", ")}${busy.length > 24 ? ", …" : ""}\n`;
  }
  out += `\nAddresses that would have been blocked (${r.addresses.length}):\n`;
  const addrs = capped(r.addresses);
  out += table(["ADDRESS", "BLOCKS", "FIRST BLOCK", "LAST BLOCK", "BLOCKED", "BY", "SUSPICIOUS"], addrs.rows.map((a) => [
    a.ip, String(a.blocks), iso(a.firstBlock), iso(a.lastBlock), formatDuration(a.blockedMs), a.names.join(","), a.suspicions.length ? "yes" : "",
  ])) + addrs.more;
  out += `\nLikely false positives (${r.falsePositives.length}):\n`;
  out += table(["ADDRESS", "WHY"], r.falsePositives.slice(0, MAX_ROWS).map((f) => [f.ip, f.suspicions.join("; ")]));
  out += `\nNever blocked by the self-lockout guard (${r.guarded.length}):\n`;
  out += table(["ADDRESS", "TIMES", "WHY"], r.guarded.slice(0, MAX_ROWS).map((g) => [g.ip, String(g.count), g.reason]));
  out += "\nCircuit breaker:\n";
  out += table(["AT", "SCOPE", "STATE", "LIMIT", "SUPPRESSED"], r.breaker.map((c) => [iso(c.at), c.scope, c.state + (c.cause && c.state === "closed" ? ` (${c.cause})` : ""), String(c.limit), String(c.suppressed)]));
  return out;
}
