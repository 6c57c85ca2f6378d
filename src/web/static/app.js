// The Riposte dashboard: login, live alert feed, active responses with countdown and lift,
// agents, response history, rule detail with MITRE ATT&CK, and three charts. Plain ES module:
// every value from the API is put in the page with textContent (alerts are attacker text).
import { ApiClient } from "./api.js";
import { LEVEL_BANDS, horizontalBars, stackedBars } from "./charts.js";
import { describeMitre } from "./mitre.js";

const api = new ApiClient();
const $ = (id) => document.getElementById(id);
const LIFT = "!:lift";
const MAX_ALERTS = 300;
const state = { alerts: [], active: [], agents: [], history: [], summary: null, selected: null, stop: null };

function h(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c === undefined || c === null ? "" : String(c)));
  return e;
}

const levelClass = (l) => (l >= 12 ? "lv-crit" : l >= 10 ? "lv-high" : l >= 7 ? "lv-warn" : l >= 4 ? "lv-mid" : "lv-low");
const time = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });
const srcipOf = (a) => (a.data && typeof a.data.srcip === "string" ? a.data.srcip : "");
const alertMs = (a) => Date.parse(a.timestamp.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));

function mmss(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(hh > 0 ? 2 : 1, "0");
  return `${hh > 0 ? `${hh}:` : ""}${mm}:${String(s % 60).padStart(2, "0")}`;
}

// ---- alerts feed -------------------------------------------------------------------------

function filters() {
  return { level: Number($("f-level").value), agent: $("f-agent").value.trim(), text: $("f-text").value.trim().toLowerCase() };
}

function matches(a, f) {
  return a.rule.level >= f.level && (f.agent === "" || a.agent.id === f.agent) && (f.text === "" || JSON.stringify(a).toLowerCase().includes(f.text));
}

function alertRow(a, fresh) {
  const tr = h("tr", { class: fresh ? "new" : "", "data-id": a.id, onclick: () => select(a, tr) },
    h("td", {}, time(alertMs(a))), h("td", {}, h("span", { class: `lv ${levelClass(a.rule.level)}` }, a.rule.level)),
    h("td", {}, a.rule.id), h("td", {}, a.rule.description), h("td", {}, `${a.agent.id} ${a.agent.name}`), h("td", {}, srcipOf(a)));
  return tr;
}

function renderAlerts() {
  $("alerts").tBodies[0].replaceChildren(...state.alerts.map((a) => alertRow(a, false)));
}

async function loadAlerts() {
  const f = filters();
  const qs = new URLSearchParams({ limit: "100" });
  if (f.level > 0) qs.set("level", String(f.level));
  if (/^\d{3,8}$/.test(f.agent)) qs.set("agent_id", f.agent);
  if (f.text) qs.set("q", f.text);
  state.alerts = (await api.get(`/alerts?${qs}`)).data.affected_items;
  renderAlerts();
}

function onAlert(a) {
  countInSummary(a);
  if (!matches(a, filters())) return;
  state.alerts.unshift(a);
  state.alerts.length = Math.min(state.alerts.length, MAX_ALERTS);
  const body = $("alerts").tBodies[0];
  body.prepend(alertRow(a, true));
  while (body.rows.length > MAX_ALERTS) body.lastElementChild.remove();
}

function select(a, tr) {
  for (const r of $("alerts").querySelectorAll("tr.selected")) r.classList.remove("selected");
  tr.classList.add("selected");
  const m = describeMitre(a.rule.mitre);
  const mitre = m.length === 0 ? "none" : h("span", {}, ...m.map((t) => h("a", { class: "mitre", href: `https://attack.mitre.org/techniques/${t.id.replace(".", "/")}/`, target: "_blank", rel: "noopener noreferrer", title: t.tactic }, `${t.id} ${t.technique}`)));
  const tactics = [...new Set(m.map((t) => t.tactic).filter((t) => t !== ""))].join("; ");
  const rows = [
    ["Rule", `${a.rule.id} (level ${a.rule.level})`], ["Description", a.rule.description], ["Groups", (a.rule.groups ?? []).join(", ")],
    ["MITRE technique", mitre], ["MITRE tactic", tactics || "none"], ["Fired", `${a.rule.firedtimes ?? 1}×`],
    ["Agent", `${a.agent.id} ${a.agent.name}`], ["Location", a.location ?? ""], ["Source", srcipOf(a)],
    ["User", (a.data && (a.data.srcuser ?? a.data.dstuser)) ?? ""], ["Log", a.full_log ?? ""],
  ];
  const dl = $("rule").querySelector("dl");
  dl.replaceChildren(...rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
  dl.hidden = false;
  $("rule").querySelector(".empty").hidden = true;
}

// ---- active responses, agents, history -------------------------------------------------------

function renderActive() {
  const now = performance.now();
  const rows = state.active.map((a) => h("tr", { "data-key": a.key, "data-agent": a.agent_id },
    h("td", {}, a.agent_id), h("td", {}, a.name), h("td", {}, a.target ?? ""), h("td", {}, a.origin), h("td", {}, a.rule_id ?? ""),
    h("td", { class: "countdown", "data-deadline": String(now + a.time_left_ms) }, mmss(a.time_left_ms)),
    h("td", {}, api.role === "read-only" ? "" : h("button", { class: "lift", onclick: (e) => lift(a, e.currentTarget) }, "Lift"))));
  $("active").tBodies[0].replaceChildren(...rows);
  $("active-count").textContent = String(state.active.length);
  $("active-empty").hidden = state.active.length > 0;
}

function tick() {
  const now = performance.now();
  for (const td of document.querySelectorAll("td.countdown")) td.textContent = mmss(Number(td.dataset.deadline) - now);
}

async function lift(a, button) {
  button.disabled = true;
  button.textContent = "Lifting…";
  try {
    await api.request("DELETE", `/active-response/active/${encodeURIComponent(a.key)}?agent_id=${a.agent_id}`);
  } catch (error) {
    button.textContent = "Failed";
    button.title = error.message;
  }
  refreshSoon();
}

function renderAgents() {
  $("agents").tBodies[0].replaceChildren(...state.agents.map((a) => h("tr", {},
    h("td", {}, a.id), h("td", {}, a.name), h("td", {}, a.ip), h("td", {}, h("span", { class: `status status-${a.status}` }, a.status.replace("_", " "))),
    h("td", {}, a.version), h("td", {}, a.lastKeepAlive ? time(Date.parse(a.lastKeepAlive)) : "never"))));
}

function renderHistory() {
  $("history").tBodies[0].replaceChildren(...state.history.slice(0, 60).map((d) => h("tr", {},
    h("td", {}, time(d.at)), h("td", {}, d.name === LIFT ? "lift" : d.name), h("td", {}, d.agent_id ?? ""), h("td", {}, d.srcip ?? ""),
    h("td", {}, d.origin), h("td", { class: `decision-${d.decision}`, title: d.reason ?? "" }, d.decision),
    h("td", { class: `outcome-${d.outcome ?? "none"}` }, d.outcome ?? "—"))));
  renderBlocks();
}

// ---- charts ---------------------------------------------------------------------------------

function minutes(count) {
  const last = Math.floor(Date.now() / 60_000) * 60_000;
  return Array.from({ length: count }, (_, i) => last - (count - 1 - i) * 60_000);
}

function bandOf(level) {
  return LEVEL_BANDS.findIndex((b) => level >= b.min);
}

function renderRate() {
  const by = new Map(minutes(60).map((m) => [m, LEVEL_BANDS.map(() => 0)]));
  for (const p of state.summary?.per_minute ?? []) {
    const counts = by.get(p.minute);
    if (counts) counts[bandOf(p.level)] += p.count;
  }
  stackedBars($("chart-rate"), [...by].map(([minute, counts]) => ({ minute, counts })), LEVEL_BANDS, "Alerts per minute by level");
  horizontalBars($("chart-sources"), (state.summary?.top_srcip ?? []).map((s) => ({ label: s.srcip, value: s.count })), "#ff7a45", "Top source addresses");
}

function renderBlocks() {
  const by = new Map(minutes(60).map((m) => [m, [0]]));
  for (const d of state.history) {
    if (d.name === LIFT || (d.decision !== "queued" && d.decision !== "delivered")) continue;
    const counts = by.get(Math.floor(d.at / 60_000) * 60_000);
    if (counts) counts[0]++;
  }
  stackedBars($("chart-blocks"), [...by].map(([minute, counts]) => ({ minute, counts })), [{ name: "sent", color: "#ff4d5e" }], "Responses sent per minute");
}

function countInSummary(a) {
  if (!state.summary) return;
  const minute = Math.floor(alertMs(a) / 60_000) * 60_000;
  const p = state.summary.per_minute.find((x) => x.minute === minute && x.level === a.rule.level);
  if (p) p.count++;
  else state.summary.per_minute.push({ minute, level: a.rule.level, count: 1 });
  const ip = srcipOf(a);
  if (ip) {
    const s = state.summary.top_srcip.find((x) => x.srcip === ip);
    if (s) s.count++;
    else state.summary.top_srcip.push({ srcip: ip, count: 1 });
    state.summary.top_srcip.sort((x, y) => y.count - x.count).splice(10);
  }
  chartsSoon();
}

// ---- refresh scheduling -----------------------------------------------------------------------

let refreshTimer = 0;
let chartsTimer = 0;

function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshResponses(), 250);
}

function chartsSoon() {
  if (!chartsTimer) chartsTimer = setTimeout(() => { chartsTimer = 0; renderRate(); }, 500);
}

async function refreshResponses() {
  const [active, history] = await Promise.all([api.get("/active-response/active"), api.get("/active-response/history?limit=500")]);
  state.active = active.data.affected_items;
  state.history = history.data.affected_items;
  renderActive();
  renderHistory();
}

async function refreshSlow() {
  const [agents, summary] = await Promise.all([api.get("/agents"), api.get("/alerts/summary?minutes=60")]);
  state.agents = agents.data.affected_items;
  state.summary = summary.data;
  renderAgents();
  renderRate();
}

// ---- session ------------------------------------------------------------------------------------

async function start() {
  $("login").hidden = true;
  $("dashboard").hidden = false;
  $("logout").hidden = false;
  $("who").textContent = `${api.user} (${api.role})`;
  const stop = new AbortController();
  const timers = [setInterval(tick, 1000), setInterval(() => void refreshResponses().catch(() => {}), 5000), setInterval(() => void refreshSlow().catch(() => {}), 15_000)];
  state.stop = () => {
    stop.abort();
    timers.forEach(clearInterval);
  };
  void api.stream((type, data) => {
    if (type === "alert") onAlert(data);
    else refreshSoon();
  }, (on) => {
    $("live").className = `live ${on ? "on" : "off"}`;
    $("live").textContent = on ? "live" : "offline";
  }, stop.signal);
  await Promise.all([loadAlerts(), refreshResponses(), refreshSlow()]);
  document.body.dataset.ready = "true";
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("login-error").textContent = "";
  try {
    await api.login($("user").value, $("password").value);
    $("password").value = "";
    await start();
  } catch (error) {
    $("login-error").textContent = error.message;
  }
});

$("logout").addEventListener("click", () => {
  state.stop?.();
  api.logout();
  delete document.body.dataset.ready;
  $("dashboard").hidden = true;
  $("login").hidden = false;
  $("logout").hidden = true;
  $("who").textContent = "";
});

let filterTimer = 0;
for (const id of ["f-level", "f-agent", "f-text"]) {
  $(id).addEventListener("input", () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => void loadAlerts().catch(() => {}), 250);
  });
}
