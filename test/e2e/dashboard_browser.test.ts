// The dashboard in headless Chromium (Debian's `chromium`, driven by playwright-core) against
// a real `riposte manager` whose local agent 000 watches a file: log in, append a brute-force
// sequence (four failed sshd logins from one address → frequency rule 5763), see the alert
// arrive live and the active response with its countdown, filter the feed by level, open the
// rule detail (MITRE), click Lift, see the row leave and the recording firewall-drop run its
// delete. Screenshots go to test-artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { freePort, killAll, spawnRiposte } from "../harness/riposte_process.ts";
import { waitFor } from "../harness/wait_for.ts";
import { RECORDING_SCRIPT } from "../harness/ar_home.ts";
import { hashPassword } from "../../src/api/mod.ts";

const ARTIFACTS = resolve(import.meta.dirname, "..", "..", "test-artifacts");
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const IP = "203.0.113.50";

const DECODERS = `<decoder name="dash-sshd">
  <program_name>^sshd$</program_name>
</decoder>
<decoder name="dash-sshd-failed">
  <parent>dash-sshd</parent>
  <regex>^Failed password for (\\S+) from (\\S+) port</regex>
  <order>srcuser, srcip</order>
</decoder>
`;

const RULES = `<group name="syslog,sshd,">
  <rule id="1" level="0" noalert="1">
    <category>syslog</category>
    <description>Root of syslog rules (dashboard test)</description>
  </rule>
  <rule id="5760" level="5">
    <decoded_as>dash-sshd</decoded_as>
    <match>Failed password</match>
    <description>sshd: authentication failed.</description>
    <mitre><id>T1110.001</id></mitre>
    <group>authentication_failed,</group>
  </rule>
  <rule id="5763" level="10" frequency="4" timeframe="120">
    <if_matched_sid>5760</if_matched_sid>
    <same_srcip />
    <description>sshd: brute force trying to get access to the system.</description>
    <mitre><id>T1110</id></mitre>
    <group>authentication_failures,</group>
  </rule>
</group>
`;

async function managerHome(dir: string, watched: string): Promise<string> {
  const home = join(dir, "manager");
  for (const d of ["etc", "rules/decoders", "rules/rules", "active-response/bin"]) mkdirSync(join(home, d), { recursive: true });
  writeFileSync(join(home, "rules", "decoders", "dash_decoders.xml"), DECODERS);
  writeFileSync(join(home, "rules", "rules", "dash_rules.xml"), RULES);
  writeFileSync(join(home, "active-response", "bin", "firewall-drop"), RECORDING_SCRIPT);
  chmodSync(join(home, "active-response", "bin", "firewall-drop"), 0o755);
  const hash = await hashPassword("dashboard-pw");
  writeFileSync(join(home, "etc", "ossec.conf"), `<ossec_config>
  <global><jsonout_output>yes</jsonout_output></global>
  <remote><connection>secure</connection><port>${await freePort()}</port><protocol>tcp</protocol><local_ip>127.0.0.1</local_ip></remote>
  <auth><disabled>yes</disabled></auth>
  <ruleset><decoder_dir>${join(home, "rules", "decoders")}</decoder_dir><rule_dir>${join(home, "rules", "rules")}</rule_dir></ruleset>
  <localfile><log_format>syslog</log_format><location>${watched}</location></localfile>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5763</rules_id><timeout>300</timeout></active-response>
  <api><host>127.0.0.1</host><port>0</port>
    <user><name>admin</name><password_hash>${hash}</password_hash><role>admin</role></user>
  </api>
</ossec_config>
`);
  return home;
}

function apiPort(home: string): number | undefined {
  const path = join(home, "var", "run", "ports.json");
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, "utf8")) as { api?: number }).api;
}

test("dashboard in Chromium: live alert, active response with countdown, lift removes the block", { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (it is in .ci/apt-packages.txt)`);
  const dir = mkdtempSync(join(tmpdir(), "riposte-dash-"));
  mkdirSync(ARTIFACTS, { recursive: true });
  const watched = join(dir, "auth.log");
  writeFileSync(watched, "");
  const home = await managerHome(dir, watched);
  const browser = await chromium.launchPersistentContext(join(dir, "chromium-profile"), {
    executablePath: CHROMIUM, headless: true, args: FLAGS, ignoreHTTPSErrors: true, viewport: { width: 1440, height: 1100 },
  });
  try {
    spawnRiposte("manager", ["manager", "--home", home], join(dir, "out"));
    await waitFor("the API port in ports.json", () => apiPort(home) !== undefined, 20_000, 100);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`https://127.0.0.1:${apiPort(home)}/`);
    await page.fill("#user", "admin");
    await page.fill("#password", "wrong-password");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#login-error:has-text('Invalid credentials')");
    await page.fill("#password", "dashboard-pw");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("body[data-ready=true]");
    await page.waitForSelector("#live.on");
    await page.waitForSelector("#agents tbody tr:has-text('000')");

    for (let i = 0; i < 5; i++) appendFileSync(watched, `Nov 29 10:00:0${i} web sshd[4${i}]: Failed password for root from ${IP} port 4242 ssh2\n`);
    await page.waitForSelector(`#alerts tbody tr:has-text('5763'):has-text('${IP}')`, { timeout: 30_000 });
    const row = page.locator(`#active tbody tr[data-key='firewall-drop-${IP}']`);
    await row.waitFor({ timeout: 30_000 });
    const first = await row.locator("td.countdown").innerText();
    assert.match(first, /^[45]:\d\d$/, `countdown of a 300 s block: ${first}`);
    // A repeated alert for the same address renews the block (its countdown restarts at the
    // full timeout), so wait for the countdown to go below what it first showed.
    const seconds = (t: string) => t.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
    await waitFor("the countdown moves", async () => seconds(await row.locator("td.countdown").innerText()) < seconds(first), 10_000, 200);
    await page.selectOption("#f-level", "10");
    await waitFor("the feed filtered to level >= 10", async () => {
      const rules = await page.locator("#alerts tbody tr td:nth-child(3)").allInnerTexts();
      return rules.length > 0 && rules.every((r) => r === "5763");
    }, 10_000, 100);
    await page.selectOption("#f-level", "0");
    await page.waitForSelector("#alerts tbody tr:has-text('5760')");
    await page.locator(`#alerts tbody tr:has-text('5763')`).first().click();
    await page.waitForSelector("#rule dd:has-text('T1110')");
    await page.waitForSelector("#history tbody tr:has-text('firewall-drop300')");
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-blocked.png"), fullPage: true });
    const records = () => (existsSync(join(home, "record.log")) ? readFileSync(join(home, "record.log"), "utf8") : "");
    assert.match(records(), new RegExp(`ADD ${IP.replaceAll(".", "\\.")}`), "the block ran on the agent");

    await row.locator("button.lift").click();
    await row.waitFor({ state: "detached", timeout: 20_000 });
    await waitFor("the delete on the agent", () => records().includes(`DELETE ${IP}`), 10_000, 100);
    await page.waitForSelector("#active-empty:visible");
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-lifted.png"), fullPage: true });
  } finally {
    await browser.close();
    await killAll();
    if (process.env.RIPOSTE_E2E_KEEP) process.stdout.write(`# kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
});
