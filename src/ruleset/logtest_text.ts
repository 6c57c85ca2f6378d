/**
 * The human output of `riposte logtest`, in wazuh-logtest's three phases (pre-decoding,
 * decoding, rules), then whether an alert is generated and which responses would fire.
 * Values from the event are printed between quotes with control characters escaped, so a
 * hostile line cannot forge output lines.
 */
import type { LogtestOutput } from "./logtest.ts";

export function formatLogtest(out: LogtestOutput): string {
  const lines: string[] = ["**Phase 1: Completed pre-decoding.", `\tfull event: ${q(out.full_log)}`];
  for (const [k, v] of Object.entries(out.predecoder)) lines.push(`\t${k}: ${q(String(v))}`);
  lines.push("");
  if (out.decoder) {
    lines.push("**Phase 2: Completed decoding.", `\tname: ${q(out.decoder.name)}`);
    if (out.decoder.parent !== undefined) lines.push(`\tparent: ${q(out.decoder.parent)}`);
    for (const [k, v] of flatten(out.data)) lines.push(`\t${k}: ${q(v)}`);
  } else lines.push("**Phase 2: Completed decoding.", "\tNo decoder matched.");
  lines.push("");
  if (out.rule) {
    const r = out.rule;
    lines.push("**Phase 3: Completed filtering (rules).", `\tid: ${q(r.id)}`, `\tlevel: ${q(String(r.level))}`, `\tdescription: ${q(r.description)}`);
    lines.push(`\tgroups: ${q(list(r.groups))}`, `\tfiredtimes: ${q(String(r.firedtimes))}`);
    const block = out.alert?.rule;
    for (const key of ["gdpr", "gpg13", "hipaa"] as const) if (block?.[key]) lines.push(`\t${key}: ${q(list(block[key]))}`);
    lines.push(`\tmail: ${q(block?.mail ? "True" : "False")}`);
    if (r.mitre.id.length > 0) lines.push(`\tmitre.id: ${q(list(r.mitre.id))}`);
    for (const key of ["nist_800_53", "pci_dss", "tsc"] as const) if (block?.[key]) lines.push(`\t${key}: ${q(list(block[key]))}`);
    if (out.alert) lines.push("**Alert to be generated.");
    if (out.responses.length > 0) lines.push(`**Active responses: ${out.responses.join(", ")}`);
  }
  if (out.error !== undefined) lines.push(`**Error: ${q(out.error)}`);
  return `${lines.join("\n")}\n`;
}

/** Python's list repr, as wazuh-logtest prints lists: `['a', 'b']`. */
function list(items: readonly string[]): string {
  return `[${items.map((i) => `'${i}'`).join(", ")}]`;
}

function flatten(data: Readonly<Record<string, unknown>>, prefix = ""): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === "object" && v !== null) out.push(...flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out.push([`${prefix}${k}`, String(v)]);
  }
  return out;
}

function q(text: string): string {
  return `'${text.replace(/[\u0000-\u001f\u007f\\]/g, (c) => (c === "\\" ? "\\\\" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`))}'`;
}
