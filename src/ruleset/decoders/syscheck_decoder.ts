/**
 * Wazuh's built-in syscheck decoder for FIM events on queue "8" (analysisd syscheck.c,
 * fim_process_alert, 4.x JSON form; the agent side is src/agent/fim, contract in docs/fim.md):
 * `{"type":"event","data":{path, mode, type, attributes, old_attributes, changed_attributes}}`
 * becomes an event decoded as syscheck_new_entry / syscheck_integrity_changed /
 * syscheck_deleted (category ossec), with Wazuh's dynamic field names (file, size_after,
 * md5_before, changed_fields, ...), the alert's `syscheck` block, and the full_log text rules
 * match on ("File '/etc/passwd' modified\nMode: realtime\n...").
 * Control messages (scan_start, integrity checks) and malformed bodies decode to no decoder.
 * Must not: throw, or keep state (the FIM database lives on the agent).
 */
import type { RawEvent } from "../../core/mod.ts";
import type { DecodedEvent, DecoderRef, Predecoded } from "../decoded_event.ts";
import { Decoded } from "./decoded.ts";
import { FieldBag } from "./field_bag.ts";

type Attrs = Readonly<Record<string, unknown>>;

const DECODER_OF: Readonly<Record<string, string>> = {
  added: "syscheck_new_entry",
  modified: "syscheck_integrity_changed",
  deleted: "syscheck_deleted",
};

/** (Wazuh attribute key, field suffix, changed_attributes name, full_log line). */
const ATTRIBUTES: readonly (readonly [string, string, string, (before: string, after: string) => string])[] = [
  ["size", "size", "size", (b, a) => `Size changed from '${b}' to '${a}'\n`],
  ["perm", "perm", "permission", (b, a) => `Permissions changed from '${b}' to '${a}'\n`],
  ["uid", "uid", "uid", (b, a) => `Ownership was '${b}', now it is '${a}'\n`],
  ["user_name", "uname", "user_name", (b, a) => `User name was '${b}', now it is '${a}'\n`],
  ["gid", "gid", "gid", (b, a) => `Group ownership was '${b}', now it is '${a}'\n`],
  ["group_name", "gname", "group_name", (b, a) => `Group name was '${b}', now it is '${a}'\n`],
  ["mtime", "mtime", "mtime", (b, a) => `Old modification time was: '${b}', now it is '${a}'\n`],
  ["inode", "inode", "inode", (b, a) => `Old inode was: '${b}', now it is '${a}'\n`],
  ["hash_md5", "md5", "md5", (b, a) => `Old md5sum was: '${b}'\nNew md5sum is : '${a}'\n`],
  ["hash_sha1", "sha1", "sha1", (b, a) => `Old sha1sum was: '${b}'\nNew sha1sum is : '${a}'\n`],
  ["hash_sha256", "sha256", "sha256", (b, a) => `Old sha256sum was: '${b}'\nNew sha256sum is : '${a}'\n`],
];

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

function record(v: unknown): Attrs | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Attrs) : undefined;
}

function parseBody(log: string): Attrs | undefined {
  try {
    const msg = record(JSON.parse(log));
    return msg?.["type"] === "event" ? record(msg["data"]) : undefined;
  } catch {
    return undefined; // not a FIM event body: decoded as nothing (hostile input is counted upstream)
  }
}

/** Decodes a queue-8 FIM event; never throws. */
export function decodeSyscheck(raw: RawEvent, pre: Predecoded): DecodedEvent {
  const data = parseBody(pre.log);
  const path = text(data?.["path"]);
  const kind = text(data?.["type"]);
  const name = kind !== undefined ? DECODER_OF[kind] : undefined;
  if (!data || path === undefined || kind === undefined || name === undefined) {
    return new Decoded({ raw, predecoded: pre, bag: new FieldBag() });
  }
  const mode = text(data["mode"]) ?? "scheduled";
  const now = record(data["attributes"]) ?? {};
  const old = kind === "modified" ? (record(data["old_attributes"]) ?? {}) : {};
  const changed = Array.isArray(data["changed_attributes"]) ? (data["changed_attributes"] as unknown[]).filter((c): c is string => typeof c === "string") : [];
  const bag = new FieldBag();
  const syscheck: Record<string, unknown> = { path, mode };
  bag.addDynamic("file", path);
  bag.addDynamic("mode", mode);
  let details = "";
  for (const [key, suffix, changeName, line] of ATTRIBUTES) {
    const after = text(now[key]);
    const before = text(old[key]);
    if (before !== undefined) {
      bag.addDynamic(`${suffix}_before`, before);
      syscheck[`${suffix}_before`] = before;
    }
    if (after !== undefined) {
      bag.addDynamic(`${suffix}_after`, after);
      syscheck[`${suffix}_after`] = after;
    }
    if (kind === "modified" && changed.includes(changeName)) details += line(before ?? "", after ?? "");
  }
  if (changed.length > 0) {
    bag.addDynamic("changed_fields", changed.join(","));
    syscheck["changed_attributes"] = changed;
  }
  syscheck["event"] = kind;
  const changedLine = changed.length > 0 ? `Changed attributes: ${changed.join(",")}\n` : "";
  const fullLog = `File '${path.slice(0, 756)}' ${kind}\nMode: ${mode}\n${changedLine}${details}`;
  const decoder: DecoderRef = { name, id: 0, type: "ossec", fts: [], accumulate: false };
  const predecoded: Predecoded = { ...pre, log: fullLog, fullLog };
  return new Decoded({ raw, predecoded, bag, decoder, syscheck });
}
