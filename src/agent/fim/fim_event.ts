/**
 * The FIM event: the typed record Riposte passes around, and the JSON body Wazuh's analysisd
 * receives on queue "8" for syscheck (location "syscheck"):
 * `{"type":"event","data":{"path","version","mode","type","timestamp","attributes",
 * "changed_attributes","old_attributes"}}` (Wazuh 4.x, src/analysisd/decoders/syscheck.c,
 * fim_process_alert). With it, the manager decodes syscheck_new_entry / syscheck_integrity_changed
 * / syscheck_deleted, so rules 554, 550 and 553 fire with `syscheck.path`.
 * Must not: do I/O.
 */

/** What is recorded about a file; absent keys were not checked (check_* off). */
export interface FimAttributes {
  readonly type: "file";
  readonly size?: number;
  /** Wazuh form: "rw-r--r--" (setuid/setgid/sticky as s/S, t/T). */
  readonly perm?: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly user_name?: string;
  readonly group_name?: string;
  readonly inode?: number;
  /** Seconds since the epoch. */
  readonly mtime?: number;
  readonly hash_md5?: string;
  readonly hash_sha1?: string;
  readonly hash_sha256?: string;
  /** sha1 over the other attributes: equal checksums mean nothing changed. */
  readonly checksum: string;
}

export type FimEventType = "added" | "modified" | "deleted";
export type FimMode = "scheduled" | "realtime";

export interface FimEvent {
  readonly path: string;
  readonly type: FimEventType;
  readonly mode: FimMode;
  /** Seconds since the epoch, when the change was seen. */
  readonly timestamp: number;
  /** Current attributes; for "deleted", the last ones known. */
  readonly attributes: FimAttributes;
  /** For "modified": Wazuh's names of what changed (size, permission, uid, user_name, gid, group_name, mtime, inode, md5, sha1, sha256). */
  readonly changedAttributes?: readonly string[];
  readonly oldAttributes?: FimAttributes;
}

/** Wazuh compat: syscheck events are sent with this location. */
export const SYSCHECK_LOCATION = "syscheck";

/** Wazuh's FIM message version for file events. */
const FIM_VERSION = 2;

/** The JSON body analysisd expects for one FIM event (one line, no newline inside). */
export function syscheckBody(event: FimEvent): string {
  const data: Record<string, unknown> = {
    path: event.path,
    version: FIM_VERSION,
    mode: event.mode,
    type: event.type,
    timestamp: event.timestamp,
    attributes: event.attributes,
  };
  if (event.changedAttributes) data["changed_attributes"] = event.changedAttributes;
  if (event.oldAttributes) data["old_attributes"] = event.oldAttributes;
  return JSON.stringify({ type: "event", data });
}

/** Wazuh's changed_attributes name for each attribute key. */
const CHANGE_NAMES: readonly (readonly [keyof FimAttributes, string])[] = [
  ["size", "size"],
  ["perm", "permission"],
  ["uid", "uid"],
  ["user_name", "user_name"],
  ["gid", "gid"],
  ["group_name", "group_name"],
  ["mtime", "mtime"],
  ["inode", "inode"],
  ["hash_md5", "md5"],
  ["hash_sha1", "sha1"],
  ["hash_sha256", "sha256"],
];

/** What changed between two records of the same file, in Wazuh's names (empty: nothing). */
export function changedAttributes(before: FimAttributes, after: FimAttributes): string[] {
  if (before.checksum === after.checksum) return [];
  return CHANGE_NAMES.filter(([key]) => before[key] !== after[key]).map(([, name]) => name);
}
