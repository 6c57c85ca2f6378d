// parseConfig/loadConfigFiles: the stock Wazuh 4.14.7 configurations and the shipped defaults
// load, and parsed values (white list, bindings, execd, localfile, syscheck, ruleset, client,
// api) mean what docs/configuration.md says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { readXml } from "../xml/mod.ts";
import { formatDiagnostic, type Diagnostic } from "../core/mod.ts";
import { guessRole, loadConfigFiles, parseConfig, type Role } from "./mod.ts";

const repo = resolve(import.meta.dirname, "..", "..");
const wazuhEtc = resolve(repo, "..", "shared", "wazuh-ruleset-4.14.7", "etc");
const valid = join(import.meta.dirname, "testdata", "valid");

function parse(texts: string | string[], role: Role = "manager") {
  const docs = [texts].flat().map((t, i) => readXml(t, `/cfg/file${i}.conf`, { dialect: "config" }));
  return parseConfig(docs, { role });
}

const errors = (r: { diagnostics: readonly Diagnostic[] }) => r.diagnostics.filter((d) => d.severity === "error");
const codes = (r: { diagnostics: readonly Diagnostic[] }) => r.diagnostics.map((d) => d.code);

for (const [file, role] of [["ossec.conf", "manager"], ["ossec-server.conf", "manager"], ["ossec-agent.conf", "agent"]] as const) {
  test(`loadConfigFiles() loads the stock Wazuh 4.14.7 ${file} with no error`, async () => {
    const result = await loadConfigFiles([join(wazuhEtc, file)]);
    assert.equal(result.role, role);
    assert.deepEqual(errors(result).map(formatDiagnostic), []);
    assert.ok(result.config);
    assert.ok(codes(result).includes("CFG_UNSUPPORTED_SECTION"), "rootcheck and wodle are named as warnings");
  });
}

test("loadConfigFiles() reads the stock Wazuh manager configuration into the model", async () => {
  const { config } = await loadConfigFiles([join(wazuhEtc, "ossec.conf")]);
  assert.ok(config);
  assert.deepEqual(config.commands.map((c) => c.name), ["disable-account", "restart-wazuh", "firewall-drop", "host-deny", "route-null", "win_route-null"]);
  assert.deepEqual(config.global.whiteList.map((w) => `${w.address}/${w.prefix}`), ["127.0.0.1/32", "10.0.0.2/32"]);
  assert.equal(config.global.agentsDisconnectionTimeSeconds, 900);
  assert.equal(config.localfiles.length, 7);
  assert.equal(config.syscheck.directories.length, 6);
  assert.deepEqual(config.ruleset.ruleExcludes.map((e) => e.name), ["0215-policy_rules.xml"]);
  assert.equal(config.remote.port, 1514);
});

test("the shipped etc/ossec.conf and etc/agent.conf pass with no error and no warning", async () => {
  const manager = await loadConfigFiles([join(repo, "etc", "ossec.conf")]);
  assert.deepEqual(manager.diagnostics.map(formatDiagnostic), []);
  assert.equal(manager.role, "manager");
  const agent = await loadConfigFiles([join(repo, "etc", "agent.conf")]);
  assert.deepEqual(agent.diagnostics.map(formatDiagnostic), []);
  assert.equal(agent.role, "agent");
});

test("the shipped manager configuration has the documented values", async () => {
  const { config } = await loadConfigFiles([join(repo, "etc", "ossec.conf")], { role: "manager" });
  assert.ok(config);
  assert.equal(config.remote.port, 1514);
  assert.deepEqual([config.auth.port, config.auth.usePassword], [1515, true]);
  assert.deepEqual([config.api.host, config.api.port], ["127.0.0.1", 55000]);
  assert.deepEqual(config.ruleset.decoderDirs.map((d) => d.resolved), [join(repo, "ruleset", "decoders")]);
  assert.deepEqual(config.ruleset.ruleDirs.map((d) => d.resolved), [join(repo, "ruleset", "rules")]);
  assert.deepEqual(config.commands.map((c) => [c.name, c.timeoutAllowed]), [["firewall-drop", true], ["host-deny", true], ["disable-account", true]]);
  const [binding] = config.activeResponses;
  assert.deepEqual([binding?.name, binding?.location, binding?.rulesId, binding?.timeoutSeconds], ["firewall-drop600", "local", [5712, 5763], 600]);
  assert.deepEqual(config.global.whiteList.map((w) => w.text), ["127.0.0.1", "::1"]);
  assert.deepEqual(config.localfiles.map((l) => l.location), ["logs/active-responses.log"]);
});

test("the shipped agent configuration points at the local manager and watches /etc", async () => {
  const { config } = await loadConfigFiles([join(repo, "etc", "agent.conf")]);
  assert.ok(config);
  assert.deepEqual(config.client.servers.map((s) => `${s.address}:${s.port}`), ["127.0.0.1:1514"]);
  assert.deepEqual(config.localfiles.map((l) => l.logFormat), ["journald", "syslog", "syslog"]);
  assert.deepEqual(config.syscheck.directories.map((d) => [d.path, d.realtime]), [["/etc", false]]);
  assert.equal(config.execd.disabled, false);
});

test("parseConfig() normalises every white_list form to a network", async () => {
  const { config } = await loadConfigFiles([join(valid, "global", "white_list_forms.conf")]);
  assert.ok(config);
  assert.deepEqual(config.global.whiteList.map((w) => `${w.family} ${w.address}/${w.prefix}`), [
    "4 127.0.0.1/32", "4 10.0.0.0/8", "4 172.16.0.0/16", "6 ::1/128", "6 2001:db8::/32", "4 192.0.2.7/32", "6 fe80::/10",
  ]);
});

test("parseConfig() reads Riposte's active-response options and Wazuh's naming", async () => {
  const { config, diagnostics } = await loadConfigFiles([join(valid, "active-response", "riposte_extensions.conf")]);
  assert.deepEqual(diagnostics, []);
  assert.ok(config);
  const [drop, restart] = config.activeResponses;
  assert.equal(drop?.name, "firewall-drop1800");
  assert.deepEqual(drop?.agentIds, ["001", "002", "003"]);
  assert.deepEqual(drop?.agentGroups, ["web", "db-servers"]);
  assert.deepEqual(drop?.rulesId, [5710, 5712, 5763]);
  assert.deepEqual([drop?.rulesGroup, drop?.level, drop?.dryRun], ["authentication_failed,|sshd,", 10, true]);
  assert.deepEqual([restart?.name, restart?.location, restart?.level, restart?.disabled], ["restart-wazuh0", "server", undefined, true]);
  assert.deepEqual(config.commands[0]?.extraArgs, ["-t", "nft"]);
  assert.deepEqual(config.execd, { disabled: false, repeatedOffendersMinutes: [30, 60, 120], protectSshSessions: false });
});

const COMMAND = "<command><name>block</name><executable>firewall-drop</executable></command>";

test("parseConfig() forces a timeout to 0 without timeout_allowed, with a warning (as Wazuh)", () => {
  const r = parse(`<ossec_config>${COMMAND}<active-response><command>block</command><location>all</location><level>5</level><timeout>60</timeout></active-response></ossec_config>`);
  assert.deepEqual(codes(r), ["CFG_AR_TIMEOUT_NOT_ALLOWED"]);
  assert.equal(r.config?.activeResponses[0]?.name, "block0");
  assert.equal(r.config?.activeResponses[0]?.timeoutSeconds, 0);
});

test("parseConfig() takes location words case-insensitively with Wazuh's precedence", () => {
  const r = parse(`<ossec_config>${COMMAND}<active-response><command>block</command><location>Local, all</location></active-response></ossec_config>`);
  assert.equal(r.config?.activeResponses[0]?.location, "all");
});

test("parseConfig() skips agent_id 000 with a warning, and a block left without agents", () => {
  const r = parse(`<ossec_config>${COMMAND}<active-response><command>block</command><location>defined-agent</location><agent_id>000</agent_id></active-response></ossec_config>`);
  assert.deepEqual(codes(r), ["CFG_AR_AGENT_ZERO"]);
  assert.deepEqual(r.config?.activeResponses, []);
});

test("parseConfig() merges files in order: a command from the first file serves the second", () => {
  const ar = "<ossec_config><active-response><command>block</command><location>local</location><rules_id>1</rules_id></active-response></ossec_config>";
  assert.deepEqual(errors(parse([`<ossec_config>${COMMAND}</ossec_config>`, ar])), []);
  const r = parse([ar, `<ossec_config>${COMMAND}</ossec_config>`]);
  assert.deepEqual(codes(r), ["CFG_COMMAND_ORDER"]);
  assert.match(r.diagnostics[0]?.hint ?? "", /\/cfg\/file1\.conf:1:15/);
});

test("parseConfig() gives execd the first disabled of a block without command, not a binding's", () => {
  const binding = "<active-response><command>block</command><location>local</location><level>3</level><disabled>yes</disabled></active-response>";
  const r = parse(`<ossec_config>${COMMAND}${binding}<active-response><disabled>no</disabled></active-response><active-response><disabled>yes</disabled></active-response></ossec_config>`);
  assert.equal(r.config?.execd.disabled, false);
  assert.equal(r.config?.activeResponses[0]?.disabled, true);
});

test("parseConfig() reads localfile formats and skips the ones Riposte does not read", async () => {
  const { config } = await loadConfigFiles([join(valid, "localfile", "formats.conf")]);
  assert.ok(config);
  assert.deepEqual(config.localfiles.map((l) => [l.logFormat, l.location ?? l.command, l.hasWildcard]), [
    ["syslog", "/var/log/nginx/*.log", true], ["json", "logs/app.json", false], ["journald", "journald", false],
    ["full_command", "ss -tln", false],
  ]);
  assert.equal(config.localfiles[0]?.onlyFutureEvents, false);
  assert.deepEqual(config.localfiles[2]?.filters, [
    { field: "_SYSTEMD_UNIT", expression: "^ssh.service$", ignoreIfMissing: false },
    { field: "PRIORITY", expression: "[0-3]", ignoreIfMissing: true },
  ]);
  assert.deepEqual([config.localfiles[3]?.alias, config.localfiles[3]?.frequencySeconds], ["listening ports", 120]);
  for (const format of ["eventchannel", "multi-line:3"]) {
    const r = parse(`<ossec_config><localfile><log_format>${format}</log_format><location>/x</location></localfile></ossec_config>`);
    assert.deepEqual([codes(r), r.config?.localfiles.length], [["CFG_UNSUPPORTED_VALUE"], 0]);
  }
});

test("parseConfig() applies syscheck directory attributes in order", async () => {
  const { config } = await loadConfigFiles([join(valid, "syscheck", "attributes.conf")]);
  assert.ok(config);
  const [ssh, rootSsh, www] = config.syscheck.directories;
  assert.deepEqual([ssh?.path, rootSsh?.path, www?.path], ["/etc/ssh", "/root/.ssh", "/var/www"]);
  assert.deepEqual(ssh?.checks, { md5: false, sha1: false, sha256: true, size: true, owner: false, group: false, perm: false, mtime: false, inode: false });
  assert.equal(ssh?.realtime, true);
  assert.deepEqual([www?.reportChanges, www?.recursionLevel, www?.tags, www?.restrict], [true, 2, ["web", "prod"], ".php$"]);
  assert.equal(config.syscheck.frequencySeconds, 3600);
  assert.deepEqual(config.syscheck.ignore.map((i) => i.kind), ["path", "sregex"]);
});

test("parseConfig() reads failover servers and enrollment for an agent", async () => {
  const { config } = await loadConfigFiles([join(valid, "client", "failover_servers.conf")]);
  assert.ok(config);
  assert.deepEqual(config.client.servers.map((s) => [s.address, s.port]), [["manager-1.example.com", 1514], ["2001:db8::10", 11514]]);
  assert.deepEqual(config.client.enrollment.groups, ["web", "prod"]);
  assert.equal(config.client.timeReconnectSeconds, 120);
});

test("parseConfig() reads API users", async () => {
  const { config } = await loadConfigFiles([join(valid, "api", "users.conf")]);
  assert.deepEqual(config?.api.users.map((u) => [u.name, u.role]), [["alice", "admin"], ["soc@example.com", "responder"], ["viewer", "read-only"]]);
  assert.equal(config?.api.port, 0);
});

test("parseConfig() warns about sections the role does not read", () => {
  const r = parse("<ossec_config><client><server><address>10.0.0.1</address></server></client><remote><port>1514</port></remote></ossec_config>", "agent");
  assert.deepEqual(codes(r), ["CFG_ROLE_IGNORED"]);
  assert.ok(r.config);
});

test("guessRole() says agent for a <client> without <remote>", () => {
  const doc = (t: string) => [readXml(t, "x.conf", { dialect: "config" })];
  assert.equal(guessRole(doc("<ossec_config><client/></ossec_config>")), "agent");
  assert.equal(guessRole(doc("<ossec_config><client/><remote/></ossec_config>")), "manager");
  assert.equal(guessRole(doc("<ossec_config><global/></ossec_config>")), "manager");
});

test("parseConfig() returns a deeply frozen configuration", () => {
  const r = parse(`<ossec_config>${COMMAND}<global><white_list>10.0.0.1</white_list></global></ossec_config>`);
  assert.ok(r.config);
  assert.ok(Object.isFrozen(r.config.global.whiteList[0]));
  assert.ok(Object.isFrozen(r.config.commands[0]?.extraArgs));
  assert.throws(() => (r.config?.commands as unknown[]).push(1));
});

test("parseConfig() reports only XML errors when a document is malformed", () => {
  const r = parse("<ossec_config><global><white_lst>x</white_lst></active-response></ossec_config>");
  assert.deepEqual(codes(r).filter((c) => c.startsWith("CFG_")), []);
  assert.equal(r.config, undefined);
});

test("loadConfigFiles() reports an unreadable file as CFG_FILE_READ", async () => {
  const r = await loadConfigFiles([join(valid, "does-not-exist.conf")]);
  assert.deepEqual(codes(r), ["CFG_FILE_READ"]);
});

test("parseConfig() does not resolve bindings for an agent, which ignores them", () => {
  const r = parse("<ossec_config><client><server><address>10.0.0.1</address></server></client><active-response><command>nowhere</command><location>local</location></active-response></ossec_config>", "agent");
  assert.deepEqual(codes(r), ["CFG_ROLE_IGNORED"]);
  assert.deepEqual(r.config?.activeResponses, []);
});

test("parseConfig() warns when a single-valued option is written twice (the last wins)", () => {
  const r = parse("<ossec_config><remote><port>1514</port><port>1600</port></remote></ossec_config>");
  assert.deepEqual(codes(r), ["CFG_DUPLICATE_OPTION"]);
  assert.equal(r.config?.remote.port, 1600);
});
