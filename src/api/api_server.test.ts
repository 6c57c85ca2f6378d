import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request as httpsRequest } from "node:https";
import { apiFixture, testAlert, type ApiFixture } from "../../test/harness/api_fixture.ts";
import { ContractChecker, type Doc } from "../../test/harness/openapi_contract.ts";
import { testPki } from "../../test/harness/test_pki.ts";

// Response bodies are walked freely in assertions (the contract check already validated their shape).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
let f: ApiFixture;
let contract: ContractChecker;
const tokens: Record<string, string> = {};

interface CallOptions { token?: string; body?: unknown; headers?: Record<string, string>; route?: string; payload?: string }

async function call(method: "GET" | "PUT" | "POST" | "DELETE", url: string, o: CallOptions = {}) {
  const headers: Record<string, string> = { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.headers ?? {}) };
  const res = await f.api.inject({ method, url, headers, ...(o.body !== undefined ? { payload: o.body as object } : o.payload !== undefined ? { payload: o.payload } : {}) });
  const out = { statusCode: res.statusCode, headers: res.headers as Record<string, unknown>, body: res.body };
  if (o.route) contract.check(method, o.route, out);
  return { ...out, json: () => JSON.parse(res.body) as Json };
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });

before(async () => {
  f = await apiFixture();
  contract = new ContractChecker(f.api.openapi() as unknown as Doc);
  for (const u of ["reader", "resp", "admin"]) {
    const res = await call("POST", "/security/user/authenticate", { headers: basic(u, `${u}-pw`), route: "/security/user/authenticate" });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().error, 0);
    tokens[u] = res.json().data.token;
  }
});

after(async () => {
  await f.close();
});

test("openapi: served at /openapi.json, every route documented, authenticated routes document 401/403", async () => {
  const res = await call("GET", "/openapi.json", { route: "/openapi.json" });
  const doc = res.json() as Doc & { openapi: string };
  assert.equal(doc.openapi, "3.0.3");
  for (const p of ["/security/user/authenticate", "/active-response", "/agents", "/logtest", "/active-response/active", "/active-response/active/{key}",
    "/active-response/history", "/alerts", "/alerts/summary", "/events", "/metrics", "/"]) assert.ok(doc.paths[p], p);
  assert.ok(doc.paths["/active-response"]?.["put"]?.responses["403"]);
  assert.ok(doc.paths["/agents"]?.["get"]?.responses["401"]);
});

test("auth: bad password 401, no token 401, garbage token 401, read-only on PUT /active-response 403", async () => {
  const bad = await call("POST", "/security/user/authenticate", { headers: basic("admin", "nope"), route: "/security/user/authenticate" });
  assert.equal(bad.statusCode, 401);
  assert.equal(bad.json().code, "API_BAD_CREDENTIALS");
  const ghost = await call("POST", "/security/user/authenticate", { headers: basic("ghost", "x"), route: "/security/user/authenticate" });
  assert.equal(ghost.statusCode, 401);
  const none = await call("GET", "/agents", { route: "/agents" });
  assert.equal(none.statusCode, 401);
  assert.equal(none.json().code, "API_UNAUTHORIZED");
  const forged = await call("GET", "/agents", { token: `${tokens["admin"]?.slice(0, -3)}abc`, route: "/agents" });
  assert.equal(forged.statusCode, 401);
  const alg = await call("GET", "/agents", { token: `eyJhbGciOiJub25lIn0.${tokens["admin"]?.split(".")[1]}.`, route: "/agents" });
  assert.equal(alg.statusCode, 401);
  const ro = await call("PUT", "/active-response?agents_list=001", { token: tokens["reader"], body: { command: "firewall-drop600" }, route: "/active-response" });
  assert.equal(ro.statusCode, 403);
  assert.equal(ro.json().code, "API_FORBIDDEN");
  const roLift = await call("DELETE", "/active-response/active/k", { token: tokens["reader"], route: "/active-response/active/{key}" });
  assert.equal(roLift.statusCode, 403);
});

test("auth: an expired token is refused with 401 API_TOKEN_EXPIRED", async () => {
  const g = await apiFixture({ tokenTtlSec: 60 });
  try {
    const login = await g.api.inject({ method: "POST", url: "/security/user/authenticate", headers: basic("admin", "admin-pw") });
    const token = (JSON.parse(login.body) as { data: { token: string } }).data.token;
    assert.equal((await g.api.inject({ method: "GET", url: "/agents", headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
    g.clock.advance(61_000);
    const res = await g.api.inject({ method: "GET", url: "/agents", headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 401);
    contract.check("GET", "/agents", { statusCode: res.statusCode, headers: res.headers as Record<string, unknown>, body: res.body });
    assert.equal((JSON.parse(res.body) as { code: string }).code, "API_TOKEN_EXPIRED");
  } finally {
    await g.close();
  }
});

test("PUT /active-response: the Wazuh documentation request works unchanged (affected, 1707, 1701, manager skipped)", async () => {
  // The request shape of the Wazuh API reference (wazuh-ar.md §6.1), sent as curl sends it.
  const res = await call("PUT", "/active-response?agents_list=000,001,002,999&pretty=true&wait_for_complete=false", {
    token: tokens["resp"], headers: { "content-type": "application/json" },
    payload: '{"command":"firewall-drop600","arguments":["-","null","(from_the_server)","(no_rule_id)"],"alert":{"data":{"srcip":"203.0.113.9"}}}',
    route: "/active-response",
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.body, /\n {3}"data"/, "pretty=true indents");
  const body = res.json();
  assert.deepEqual(body.data.affected_items, ["001"]);
  assert.equal(body.data.total_affected_items, 1);
  assert.equal(body.data.total_failed_items, 2);
  assert.deepEqual(body.data.failed_items.map((i: { error: { code: number }; id: string[] }) => [i.error.code, i.id]).sort(), [[1701, ["999"]], [1707, ["002"]]]);
  assert.equal(body.message, "AR command was not sent to some agents");
  assert.equal(body.error, 2);
  await f.responder.idle();
  const [agent, command] = f.sent.at(-1) ?? [];
  assert.equal(agent, "001");
  const message = JSON.parse(command?.message ?? "{}");
  assert.equal(message.command, "firewall-drop600");
  assert.equal(message.origin.module, "API");
  assert.deepEqual(message.parameters.extra_args, ["-", "null", "(from_the_server)", "(no_rule_id)"]);
  assert.equal(message.parameters.alert.data.srcip, "203.0.113.9");
});

test("PUT /active-response: all sent → error 0; none → error 1; unknown command 1652; custom !name; bad bodies", async () => {
  const ok = await call("PUT", "/active-response?agents_list=001", { token: tokens["admin"], body: { command: "!custom-script.sh" }, route: "/active-response" });
  assert.equal(ok.json().error, 0);
  assert.equal(ok.json().message, "AR command was sent to all agents");
  const none = await call("PUT", "/active-response?agents_list=002", { token: tokens["resp"], body: { command: "firewall-drop600" }, route: "/active-response" });
  assert.equal(none.json().error, 1);
  assert.equal(none.json().message, "AR command was not sent to any agent");
  const unknown = await call("PUT", "/active-response?agents_list=001", { token: tokens["resp"], body: { command: "firewall-drop" }, route: "/active-response" });
  assert.equal(unknown.statusCode, 400);
  assert.equal(unknown.json().error, 1652);
  assert.equal(unknown.json().code, "API_UNKNOWN_COMMAND");
  const traversal = await call("PUT", "/active-response?agents_list=001", { token: tokens["resp"], body: { command: "!../../bin/sh" }, route: "/active-response" });
  assert.equal(traversal.statusCode, 400);
  const extra = await call("PUT", "/active-response", { token: tokens["resp"], body: { command: "firewall-drop600", custom: true }, route: "/active-response" });
  assert.equal(extra.statusCode, 400);
  assert.equal(extra.json().code, "API_BAD_REQUEST");
  assert.equal(extra.json().detail, "Invalid field found {'custom'}");
  const missing = await call("PUT", "/active-response", { token: tokens["resp"], body: { arguments: [] }, route: "/active-response" });
  assert.equal(missing.statusCode, 400);
  const text = await call("PUT", "/active-response", { token: tokens["resp"], payload: "command=x", headers: { "content-type": "text/plain" }, route: "/active-response" });
  assert.equal(text.statusCode, 406);
  const badList = await call("PUT", "/active-response?agents_list=1", { token: tokens["resp"], body: { command: "firewall-drop600" }, route: "/active-response" });
  assert.equal(badList.statusCode, 400);
  const hostile = await call("PUT", "/active-response?agents_list=001", { token: tokens["resp"], body: { command: "firewall-drop600", alert: { data: { srcip: "1.2.3.4; rm -rf /" } } }, route: "/active-response" });
  assert.equal(hostile.json().error, 1, "an invalid IP is a failed item, nothing is sent");
});

test("GET /agents: Wazuh's filters, sort, select, search, paging", async () => {
  const all = await call("GET", "/agents", { token: tokens["reader"], route: "/agents" });
  assert.deepEqual(all.json().data.affected_items.map((a: { id: string }) => a.id), ["000", "001", "002"]);
  assert.equal(all.json().message, "All selected agents information was returned");
  const active = await call("GET", "/agents?status=active&select=name&sort=-id", { token: tokens["reader"], route: "/agents" });
  assert.deepEqual(active.json().data.affected_items, [{ id: "001", name: "web01" }, { id: "000", name: "manager" }]);
  const search = await call("GET", "/agents?search=web02", { token: tokens["reader"], route: "/agents" });
  assert.deepEqual(search.json().data.affected_items.map((a: { id: string }) => a.id), ["002"]);
  const paged = await call("GET", "/agents?offset=1&limit=1", { token: tokens["reader"], route: "/agents" });
  assert.equal(paged.json().data.total_affected_items, 3);
  assert.deepEqual(paged.json().data.affected_items.map((a: { id: string }) => a.id), ["001"]);
  const unknownFilter = await call("GET", "/agents?q=status=active", { token: tokens["reader"], route: "/agents" });
  assert.equal(unknownFilter.statusCode, 400, "an unsupported filter is refused, not ignored");
  assert.equal(unknownFilter.json().detail, "Invalid field found {'q'}");
  const badSelect = await call("GET", "/agents?select=secret", { token: tokens["reader"], route: "/agents" });
  assert.equal(badSelect.statusCode, 400);
});

test("GET /alerts: level, rule, srcip, agent, time range, text, paging; /alerts/summary", async () => {
  const q = async (qs: string) => (await call("GET", `/alerts?${qs}`, { token: tokens["reader"], route: "/alerts" })).json().data;
  assert.equal((await q("")).total_affected_items, 20);
  assert.equal((await q("")).affected_items[0].id, testAlert(19).id, "newest first");
  assert.ok((await q("level=10")).affected_items.every((a: { rule: { level: number } }) => a.rule.level >= 10));
  assert.equal((await q("level=10")).total_affected_items, 10);
  assert.equal((await q("rule_id=5710&limit=3")).affected_items.length, 3);
  assert.equal((await q("srcip=203.0.113.1")).total_affected_items, 5);
  assert.equal((await q("agent_id=002")).total_affected_items, 0);
  const from = Date.UTC(2026, 0, 1) + 5000;
  assert.equal((await q(`from=${from}&to=${new Date(from + 4000).toISOString()}`)).total_affected_items, 5);
  assert.equal((await q("q=FAILED%20PASSWORD%20for%20root%20from%20203.0.113.3")).total_affected_items, 5);
  assert.equal((await q("q=100%25")).total_affected_items, 0, "LIKE wildcards are literal");
  assert.equal((await q("offset=18&limit=5")).affected_items.length, 2);
  assert.equal((await call("GET", "/alerts?from=yesterday", { token: tokens["reader"], route: "/alerts" })).statusCode, 400);
  f.clock.advance(0);
  const s = await call("GET", "/alerts/summary?minutes=60", { token: tokens["reader"], route: "/alerts/summary" });
  const perMinute = s.json().data.per_minute as { level: number; count: number }[];
  assert.equal(perMinute.reduce((n, m) => n + m.count, 0), 20);
  assert.equal(s.json().data.top_srcip.length, 4);
});

test("active responses: listed with time left, lifted by key, history with outcomes", async () => {
  const put = await call("PUT", "/active-response?agents_list=001", { token: tokens["resp"], body: { command: "firewall-drop600", alert: { data: { srcip: "203.0.113.77" } } }, route: "/active-response" });
  assert.equal(put.json().error, 0);
  await f.responder.idle();
  const [, command] = f.sent.at(-1) ?? [];
  const now = f.clock.now();
  f.responder.onResult("001", { commandId: command?.id ?? "", command: "add", name: "firewall-drop600", key: "firewall-drop-203.0.113.77", outcome: "done", exitCode: 0, durationMs: 12, origin: "api", at: now, timeoutSec: 600, target: "203.0.113.77", expiresAt: now + 600_000 });
  f.clock.advance(100_000);
  const active = await call("GET", "/active-response/active", { token: tokens["reader"], route: "/active-response/active" });
  const item = active.json().data.affected_items.find((a: { key: string }) => a.key === "firewall-drop-203.0.113.77");
  assert.equal(item.time_left_ms, 500_000);
  assert.equal(item.origin, "api");
  assert.equal(item.target, "203.0.113.77");
  const history = await call("GET", "/active-response/history?limit=50", { token: tokens["reader"], route: "/active-response/history" });
  const decided = history.json().data.affected_items.find((d: { outcome: string | null }) => d.outcome === "done");
  assert.equal(decided?.name, "firewall-drop600");
  const missing = await call("DELETE", "/active-response/active/nope", { token: tokens["resp"], route: "/active-response/active/{key}" });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, "API_NOT_ACTIVE");
  const lift = await call("DELETE", `/active-response/active/${encodeURIComponent("firewall-drop-203.0.113.77")}`, { token: tokens["resp"], route: "/active-response/active/{key}" });
  assert.deepEqual(lift.json().data.affected_items, ["001"]);
  await f.responder.idle();
  const liftMessage = JSON.parse(f.sent.at(-1)?.[1].message ?? "{}");
  assert.match(JSON.stringify(liftMessage), /firewall-drop-203\.0\.113\.77/);
  f.responder.onResult("001", { command: "delete", name: "firewall-drop600", key: "firewall-drop-203.0.113.77", outcome: "done", exitCode: 0, durationMs: 5, origin: "manual", at: f.clock.now(), timeoutSec: 0, trigger: "lift" });
  const after = await call("GET", "/active-response/active?agent_id=001", { token: tokens["reader"], route: "/active-response/active" });
  assert.equal(after.json().data.affected_items.length, 0);
});

test("PUT /logtest: Wazuh's request and answer; the session keeps its token", async () => {
  const body = { log_format: "syslog", location: "/var/log/auth.log", event: "Nov 29 10:00:00 web sshd[42]: Failed password for root from 203.0.113.5 port 4242 ssh2" };
  const ro = await call("PUT", "/logtest", { token: tokens["reader"], body, route: "/logtest" });
  assert.equal(ro.statusCode, 403);
  const first = await call("PUT", "/logtest", { token: tokens["resp"], body, route: "/logtest" });
  assert.equal(first.statusCode, 200, first.body);
  const data = first.json().data;
  assert.match(data.token, /^[0-9a-f]{8}$/);
  assert.equal(data.output.rule.id, "5760");
  assert.equal(data.alert, true);
  const second = await call("PUT", "/logtest", { token: tokens["resp"], body: { ...body, token: data.token }, route: "/logtest" });
  assert.equal(second.json().data.token, data.token);
  assert.deepEqual(second.json().data.messages, []);
  const closed = await call("DELETE", `/logtest/sessions/${data.token}`, { token: tokens["resp"], route: "/logtest/sessions/{token}" });
  assert.equal(closed.statusCode, 200);
  assert.equal((await call("DELETE", `/logtest/sessions/${data.token}`, { token: tokens["resp"], route: "/logtest/sessions/{token}" })).statusCode, 404);
});

test("GET /metrics: Prometheus text with Bearer or Basic; counts decisions and results", async () => {
  f.api.onAlert(testAlert(99));
  f.api.onArResult("001", { id: "c1", outcome: "done", detail: undefined as unknown as string });
  const res = await call("GET", "/metrics", { headers: basic("reader", "reader-pw"), route: "/metrics" });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /^# TYPE riposte_response_decisions_total counter$/m);
  assert.match(res.body, /^riposte_response_decisions_total\{decision="queued"\} \d+$/m);
  assert.match(res.body, /^riposte_alerts_total\{level="10"\} 1$/m);
  assert.match(res.body, /^riposte_active_responses \d+$/m);
  assert.match(res.body, /^riposte_api_request_duration_seconds_bucket\{route="\/agents",le="0.005"\} \d+$/m);
  const bearer = await call("GET", "/metrics", { token: tokens["reader"], route: "/metrics" });
  assert.equal(bearer.statusCode, 200);
  assert.equal((await call("GET", "/metrics", { route: "/metrics" })).statusCode, 401);
});

test("GET /events: server-sent alerts and decisions, live", async () => {
  const pki = await testPki();
  const chunks: string[] = [];
  const req = httpsRequest({ host: "127.0.0.1", port: f.api.port, path: "/events", ca: pki.ca.certPem, servername: "localhost", headers: { authorization: `Bearer ${tokens["reader"]}` } });
  const ready = new Promise<void>((resolve, reject) => {
    req.on("response", (res) => {
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers["content-type"]), /^text\/event-stream/);
      res.setEncoding("utf8");
      res.on("data", (c: string) => chunks.push(c));
      resolve();
    });
    req.on("error", reject);
  });
  req.end();
  await ready;
  await new Promise((r) => setTimeout(r, 50));
  f.api.onAlert(testAlert(123, { srcip: "198.51.100.200" }));
  await call("PUT", "/active-response?agents_list=001", { token: tokens["resp"], body: { command: "firewall-drop600", alert: { data: { srcip: "203.0.113.88" } } } });
  const deadline = Date.now() + 3000;
  while (!chunks.join("").includes("event: decision") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  req.destroy();
  assert.equal((await call("GET", "/events", { route: "/events" })).statusCode, 401, "the feed needs a token");
  const text = chunks.join("");
  assert.match(text, /event: alert\ndata: \{.*198\.51\.100\.200/);
  assert.match(text, /event: decision\ndata: \{.*"decision":"queued"/);
});

test("errors: 404 and 405 in the error shape; the dashboard is served with a CSP", async () => {
  const missing = await call("GET", "/nope", { token: tokens["reader"] });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, "API_NOT_FOUND");
  const method = await call("POST", "/agents", { token: tokens["reader"] });
  assert.equal(method.statusCode, 405);
  assert.equal(method.json().code, "API_METHOD_NOT_ALLOWED");
  const page = await call("GET", "/", { route: "/" });
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers["content-security-policy"]), /default-src 'self'/);
  assert.match(page.body, /<script type="module" src="\/static\/app.js">/);
  assert.equal((await call("GET", "/static/app.js", { route: "/static/{file}" })).statusCode, 200);
  assert.equal((await call("GET", "/static/..%2Fapi_server.ts", { route: "/static/{file}" })).statusCode, 400);
  assert.equal((await call("GET", "/static/missing.js", { route: "/static/{file}" })).statusCode, 404);
});

test("rate limiting: past the per-minute budget → 429 with Retry-After", async () => {
  const g = await apiFixture({ requestsPerMinute: 3 });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await g.api.inject({ method: "GET", url: "/openapi.json" })).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 429]);
    const res = await g.api.inject({ method: "GET", url: "/openapi.json" });
    assert.equal(JSON.parse(res.body).code, "API_RATE_LIMITED");
    assert.ok(Number(res.headers["retry-after"]) >= 1);
    g.clock.advance(60_000);
    assert.equal((await g.api.inject({ method: "GET", url: "/openapi.json" })).statusCode, 200);
  } finally {
    await g.close();
  }
});

test("contract: every documented route was exercised and validated", () => {
  const doc = f.api.openapi() as unknown as Doc;
  const all = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  const missed = all.filter((r) => !contract.checked.has(r));
  assert.deepEqual(missed, []);
});

test("a configured user with a malformed password hash stops the API from starting", async () => {
  const g = await apiFixture();
  await g.close();
  const { createApiServer } = await import("./mod.ts");
  const pki = await testPki();
  const api = createApiServer({
    config: { disabled: false, host: "127.0.0.1", port: 0, users: [{ name: "ops", role: "admin", passwordHash: "plaintext", at: { file: "/etc/ossec.conf", line: 7, column: 5 } }] },
    home: "/nonexistent", tls: pki.server, alertsDb: "/nonexistent/analysis.db", agents: g.registry, responder: g.responder, responseNames: () => [],
  });
  await assert.rejects(api.start(), { code: "API_BAD_PASSWORD_HASH", message: /"ops" at \/etc\/ossec.conf:7/ });
});
