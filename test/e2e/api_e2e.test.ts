// The REST API of a real `riposte manager` over HTTPS with one enrolled `riposte agent` and a
// recording script in place of firewall-drop: the Wazuh documentation's PUT /active-response
// (sent as curl sends it) runs the block on the agent, the active list shows it with origin
// "api", DELETE lifts it and the agent runs the delete; GET /agents shows the agent active;
// PUT /logtest runs the manager's ruleset; /metrics counts what happened.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, killAll, makeAgentHome, runRiposte, spawnRiposte, waitForManager, type ManagerHome } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";
import { RECORDING_SCRIPT } from "../harness/ar_home.ts";
import { hashPassword } from "../../src/api/mod.ts";

interface Reply { status: number; json: Record<string, unknown> & { data?: { affected_items?: unknown[] } } }

function call(port: number, ca: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, ca, servername: "localhost", headers }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Reply["json"] }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function managerHome(dir: string): Promise<ManagerHome> {
  const home = join(dir, "manager");
  mkdirSync(join(home, "etc"), { recursive: true });
  writeFileSync(join(home, "etc", "authd.pass"), "e2e-password\n");
  const remotePort = await freePort();
  const authPort = await freePort();
  writeFileSync(join(home, "etc", "ossec.conf"), `<ossec_config>
  <remote><connection>secure</connection><port>${remotePort}</port><protocol>tcp</protocol><local_ip>127.0.0.1</local_ip></remote>
  <auth><port>${authPort}</port><use_password>yes</use_password></auth>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5763</rules_id><timeout>600</timeout></active-response>
  <api><port>0</port>
    <user><name>ops</name><password_hash>${await hashPassword("ops-password")}</password_hash><role>responder</role></user>
  </api>
</ossec_config>
`);
  return { home, remotePort, authPort, password: "e2e-password" };
}

test("e2e API: Wazuh's PUT /active-response reaches a real agent; active list; lift over the API", { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "riposte-e2e-api-"));
  const logs = join(dir, "out");
  try {
    const m = await managerHome(dir);
    spawnRiposte("manager", ["manager", "--home", m.home], logs);
    await waitForManager(m.home);
    const apiPort = () => (JSON.parse(readFileSync(join(m.home, "var", "run", "ports.json"), "utf8")) as { api?: number }).api;
    await waitFor("the API port in ports.json", () => apiPort() !== undefined, 20_000, 50);
    const port = apiPort() as number;
    const ca = readFileSync(join(m.home, "etc", "rootCA.pem"), "utf8");
    const home = makeAgentHome(dir, "web-01", m, []);
    mkdirSync(join(home, "active-response", "bin"), { recursive: true });
    writeFileSync(join(home, "active-response", "bin", "firewall-drop"), RECORDING_SCRIPT);
    chmodSync(join(home, "active-response", "bin", "firewall-drop"), 0o755);
    const enrolled = await runRiposte(["enroll", "--manager", `127.0.0.1:${m.authPort}`, "--password", m.password, "--name", "web-01", "--home", home], logs, "enroll");
    assert.equal(enrolled.code, 0, enrolled.output);
    spawnRiposte("agent", ["agent", "--home", home], logs);
    await waitFor("the agent received ar.conf", () => existsSync(join(home, "etc", "shared", "ar.conf")), 20_000, 100);

    const login = await call(port, ca, "POST", "/security/user/authenticate", { authorization: `Basic ${Buffer.from("ops:ops-password").toString("base64")}` });
    assert.equal(login.status, 200);
    const auth = { authorization: `Bearer ${(login.json.data as unknown as { token: string }).token}` };
    const agents = await call(port, ca, "GET", "/agents?select=name,status&agents_list=001", auth);
    assert.deepEqual(agents.json.data?.affected_items, [{ id: "001", name: "web-01", status: "active" }]);

    const put = await call(port, ca, "PUT", "/active-response?agents_list=001", { ...auth, "content-type": "application/json" },
      '{"command":"firewall-drop600","arguments":[],"alert":{"data":{"srcip":"203.0.113.61"}}}');
    assert.equal(put.status, 200, JSON.stringify(put.json));
    assert.deepEqual(put.json, { data: { affected_items: ["001"], total_affected_items: 1, total_failed_items: 0, failed_items: [] }, message: "AR command was sent to all agents", error: 0 });
    const records = () => (existsSync(join(home, "record.log")) ? readFileSync(join(home, "record.log"), "utf8") : "");
    await waitFor("the block on the agent", () => records().includes("ADD 203.0.113.61"), 20_000, 50);

    let active: { key: string; origin: string; time_left_ms: number }[] = [];
    await waitFor("the active list", async () => {
      active = (await call(port, ca, "GET", "/active-response/active?agent_id=001", auth)).json.data?.affected_items as typeof active;
      return active.length === 1;
    }, 10_000, 100);
    assert.equal(active[0]?.key, "firewall-drop-203.0.113.61");
    assert.equal(active[0]?.origin, "api");
    assert.ok((active[0]?.time_left_ms ?? 0) > 590_000);

    const lift = await call(port, ca, "DELETE", `/active-response/active/${encodeURIComponent("firewall-drop-203.0.113.61")}`, auth);
    assert.deepEqual(lift.json.data?.affected_items, ["001"]);
    await waitFor("the delete on the agent", () => records().includes("DELETE 203.0.113.61"), 20_000, 50);
    await waitFor("the active list empties", async () => (await call(port, ca, "GET", "/active-response/active", auth)).json.data?.affected_items?.length === 0, 10_000, 100);
    const history = await call(port, ca, "GET", "/active-response/history?agent_id=001", auth);
    const items = history.json.data?.affected_items as { name: string; origin: string; outcome: string | null }[];
    assert.ok(items.some((d) => d.name === "firewall-drop600" && d.origin === "api" && d.outcome === "done"), JSON.stringify(items));
    const line = "Nov 29 10:00:00 web sshd[42]: Failed password for root from 203.0.113.62 port 4242 ssh2";
    const logtest = await call(port, ca, "PUT", "/logtest", { ...auth, "content-type": "application/json" }, JSON.stringify({ log_format: "syslog", location: "/var/log/auth.log", event: line }));
    assert.equal(logtest.status, 200, JSON.stringify(logtest.json));
    const out = logtest.json.data as unknown as { token: string; output: { full_log: string; predecoder: { program_name?: string } } };
    assert.match(out.token, /^[0-9a-f]{8}$/);
    assert.equal(out.output.full_log, line);
    assert.equal(out.output.predecoder.program_name, "sshd", "the manager's configured ruleset ran");
    const metrics = await new Promise<string>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/metrics", ca, servername: "localhost", headers: { authorization: `Basic ${Buffer.from("ops:ops-password").toString("base64")}` } }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });
    assert.match(metrics, /^riposte_response_results_total\{command="add",outcome="done"\} 1$/m);
    assert.match(metrics, /^riposte_response_decisions_total\{decision="queued"\} 2$/m, "the block and the lift");
    assert.match(metrics, /^riposte_agents_connected 2$/m, "web-01 and the local agent");
    assert.match(metrics, /^riposte_events_analysed_total \d+$/m);
  } finally {
    await killAll();
    if (process.env.RIPOSTE_E2E_KEEP) process.stdout.write(`# kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
});
