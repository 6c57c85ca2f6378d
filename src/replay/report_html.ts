/**
 * The replay report as one self-contained HTML file (`riposte replay --html FILE`): inline
 * CSS, an inline SVG timeline chart (responses per bucket and per block, dry-runs stacked,
 * breaker trips marked), and the tables of the text report. No script, no external resource.
 * Every text is escaped (rule descriptions and addresses come from configuration and logs).
 * Must not: do I/O.
 */
import type { ReplayReport, TimelineBucket } from "./replay_report.ts";
import { formatDuration } from "./report_text.ts";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const iso = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace(".000Z", "Z"));
const COLORS = ["#c0392b", "#2471a3", "#7d3c98", "#148f77", "#b9770e", "#566573", "#a93226", "#1f618d"];
const MAX_ROWS = 1000;

function rows(head: readonly string[], body: readonly (readonly string[])[]): string {
  if (body.length === 0) return "<p class=none>None.</p>";
  const th = head.map((h) => `<th>${esc(h)}</th>`).join("");
  const tr = body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

/** Stacked bars: one colour per block (responses run), grey on top (dry-runs). */
export function timelineSvg(r: ReplayReport): string {
  const series = r.blocks.filter((b) => b.timeline.some((t) => t.run + t.suppressed > 0));
  const n = series[0]?.timeline.length ?? 0;
  if (n === 0) return "<p class=none>No response in this log.</p>";
  const W = 960;
  const H = 260;
  const pad = { l: 50, r: 10, t: 10, b: 40 };
  const totals = Array.from({ length: n }, (_, i) => series.reduce((s, b) => s + ((b.timeline[i] as TimelineBucket).run + (b.timeline[i] as TimelineBucket).suppressed), 0));
  const max = Math.max(1, ...totals);
  const bw = (W - pad.l - pad.r) / n;
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let acc = 0;
    const x = pad.l + i * bw;
    series.forEach((b, k) => {
      const t = b.timeline[i] as TimelineBucket;
      for (const [v, fill] of [[t.run, COLORS[k % COLORS.length]], [t.suppressed, "#aab7b8"]] as const) {
        if (v <= 0) continue;
        parts.push(`<rect x="${x.toFixed(1)}" y="${y(acc + v).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${(y(acc) - y(acc + v)).toFixed(1)}" fill="${fill}"><title>${esc(`${iso((series[0]?.timeline[i] as TimelineBucket).at)} ${b.name}: ${v}${fill === "#aab7b8" ? " dry-run" : ""}`)}</title></rect>`);
        acc += v;
      }
    });
  }
  const start = r.firstEventAt ?? 0;
  for (const c of r.breaker.filter((c) => c.state === "open")) {
    const x = pad.l + ((c.at - start) / r.bucketMs) * bw;
    parts.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${pad.t}" y2="${H - pad.b}" stroke="#000" stroke-dasharray="4 3"><title>${esc(`breaker open (${c.scope}) at ${iso(c.at)}`)}</title></line>`);
  }
  const ticks = ([[0, "start"], [Math.floor(n / 2), "middle"], [n - 1, "end"]] as const).map(([i, anchor]) =>
    `<text x="${(pad.l + (i + (anchor === "end" ? 1 : 0)) * bw).toFixed(1)}" y="${H - pad.b + 16}" font-size="11" text-anchor="${anchor}">${esc(iso(start + i * r.bucketMs).slice(0, 16).replace("T", " "))}</text>`);
  const axis = `<line x1="${pad.l}" x2="${W - pad.r}" y1="${H - pad.b}" y2="${H - pad.b}" stroke="#444"/><text x="4" y="${pad.t + 10}" font-size="11">${max}</text><text x="4" y="${H - pad.b}" font-size="11">0</text>`;
  const legend = series.map((b, k) => `<span class=key style="background:${COLORS[k % COLORS.length]}"></span>${esc(b.name)}`).join(" ") + ` <span class=key style="background:#aab7b8"></span>dry-run`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="responses over time">${axis}${parts.join("")}${ticks.join("")}</svg><p>${legend} · per ${esc(formatDuration(r.bucketMs))}</p>`;
}

export function renderReplayHtml(r: ReplayReport): string {
  const blocked = r.addresses.slice(0, MAX_ROWS).map((a) => [a.ip, String(a.blocks), iso(a.firstBlock), iso(a.lastBlock), formatDuration(a.blockedMs), a.names.join(", "), a.suspicions.join("; ")]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Riposte replay report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;font-variant-numeric:tabular-nums}
th{background:#f2f3f4}.none{color:#777}.key{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
</style></head><body>
<h1>Riposte replay report</h1>
<p>${r.lines} lines, ${r.events} events, ${r.alerts} alerts, from ${esc(iso(r.firstEventAt))} to ${esc(iso(r.lastEventAt))}. Nothing was run: this is what the configuration would have done.</p>
<h2>Responses over time</h2>
${timelineSvg(r)}
<h2>Responses per block</h2>
${rows(["Block", "Responses", "New blocks", "Renewed", "Addresses", "Dry-run", "Breaker", "Guarded", "Whitelisted"], r.blocks.map((b) => [
    b.name + (b.dryRunBlock ? " (dry_run)" : ""), String(b.responses), String(b.newBlocks), String(b.renewals), String(b.distinctAddresses),
    String(b.dryRuns), String(b.breakerDryRuns), String(b.selfProtected), String(b.whitelisted)]))}
<h2>Addresses that would have been blocked (${r.addresses.length})</h2>
${rows(["Address", "Blocks", "First block", "Last block", "Blocked", "By", "Possible false positive"], blocked)}
<h2>Likely false positives (${r.falsePositives.length})</h2>
${rows(["Address", "Why"], r.falsePositives.slice(0, MAX_ROWS).map((f) => [f.ip, f.suspicions.join("; ")]))}
<h2>Never blocked by the self-lockout guard (${r.guarded.length})</h2>
${rows(["Address", "Times", "Why"], r.guarded.slice(0, MAX_ROWS).map((g) => [g.ip, String(g.count), g.reason]))}
<h2>Circuit breaker</h2>
${rows(["At", "Scope", "State", "Limit", "Suppressed"], r.breaker.map((c) => [iso(c.at), c.scope, c.state + (c.cause && c.state === "closed" ? ` (${c.cause})` : ""), String(c.limit), String(c.suppressed)]))}
<h2>Alerts per rule</h2>
${rows(["Rule", "Level", "Alerts", "Description"], r.rules.slice(0, MAX_ROWS).map((x) => [x.id, String(x.level), String(x.count), x.description]))}
</body></html>
`;
}
