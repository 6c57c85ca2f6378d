// Inline SVG charts (no library): stacked bars per minute, horizontal top-N bars. Text is set
// with textContent, so nothing from an alert is ever parsed as markup.

const NS = "http://www.w3.org/2000/svg";
export const LEVEL_BANDS = [
  { name: "12+", min: 12, color: "#ff4d5e" },
  { name: "10–11", min: 10, color: "#ff7a45" },
  { name: "7–9", min: 7, color: "#ffb020" },
  { name: "4–6", min: 4, color: "#5fb3ff" },
  { name: "0–3", min: 0, color: "#5c6b7c" },
];

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function frame(width, height) {
  return el("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img" });
}

/** series: [{minute, counts: number[] per band}], bands: [{color}] — stacked columns. */
export function stackedBars(container, series, bands, label) {
  const W = 360, H = 150, pad = 18, top = 16;
  const svg = frame(W, H);
  svg.setAttribute("aria-label", label);
  const max = Math.max(1, ...series.map((s) => s.counts.reduce((a, b) => a + b, 0)));
  const bw = (W - pad) / Math.max(1, series.length);
  series.forEach((s, i) => {
    let y = H - pad;
    s.counts.forEach((c, b) => {
      if (c === 0) return;
      const h = (c / max) * (H - pad - top);
      y -= h;
      const r = el("rect", { x: pad + i * bw + 0.5, y, width: Math.max(1, bw - 1), height: h, fill: bands[b].color });
      r.append(el("title", {}, `${new Date(s.minute).toLocaleTimeString()}: ${c} (${bands[b].name})`));
      svg.append(r);
    });
  });
  svg.append(el("text", { x: 0, y: 12 }, String(max)));
  svg.append(el("line", { x1: pad, y1: H - pad, x2: W, y2: H - pad, stroke: "#263241" }));
  if (series.length > 0) {
    svg.append(el("text", { x: pad, y: H - 4 }, new Date(series[0].minute).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false })));
    svg.append(el("text", { x: W, y: H - 4, "text-anchor": "end" }, new Date(series.at(-1).minute).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false })));
  }
  const legend = el("g");
  bands.forEach((b, i) => {
    legend.append(el("rect", { x: 40 + i * 52, y: 3, width: 8, height: 8, fill: b.color }));
    legend.append(el("text", { x: 52 + i * 52, y: 11 }, b.name));
  });
  svg.append(legend);
  container.replaceChildren(svg);
}

/** rows: [{label, value}] — horizontal bars, largest first. */
export function horizontalBars(container, rows, color, label) {
  const W = 360, rowH = 14, H = Math.max(150, rows.length * rowH + 8);
  const svg = frame(W, H);
  svg.setAttribute("aria-label", label);
  const max = Math.max(1, ...rows.map((r) => r.value));
  rows.forEach((r, i) => {
    const y = 4 + i * rowH;
    svg.append(el("text", { x: 0, y: y + 10 }, r.label));
    svg.append(el("rect", { x: 120, y: y + 1, width: Math.max(1, (r.value / max) * (W - 160)), height: rowH - 4, fill: color, rx: 2 }));
    svg.append(el("text", { x: 124 + (r.value / max) * (W - 160), y: y + 10 }, String(r.value)));
  });
  if (rows.length === 0) svg.append(el("text", { x: 0, y: 20 }, "no data"));
  container.replaceChildren(svg);
}
