/**
 * Reads the attributes FIM records for one regular file: lstat (size, mode, owner, inode,
 * mtime), owner and group names, and md5/sha1/sha256 in one streaming pass, each only when
 * its check_* is on. Files larger than MAX_HASH_BYTES are not hashed (empty hashes, like
 * Wazuh's file_max_size).
 * Must not: follow symbolic links or open anything but a regular file (a FIFO would block).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat } from "node:fs/promises";
import type { SyscheckChecks } from "../../config/mod.ts";
import type { FimAttributes } from "./fim_event.ts";
import type { UserNames } from "./user_names.ts";

/** Files above this size are not hashed (Wazuh's default file_max_size is 1 GB). */
export const MAX_HASH_BYTES = 1024 * 1024 * 1024;

export type FileKind = "file" | "directory" | "other" | "missing";

/** lstat's verdict for a path, without throwing for a vanished one. */
export async function kindOf(path: string): Promise<FileKind> {
  try {
    const st = await lstat(path);
    return st.isFile() ? "file" : st.isDirectory() ? "directory" : "other";
  } catch {
    // Vanished (or unreadable parent): treated as missing; the caller reports a deletion if known.
    return "missing";
  }
}

/** The attributes of a regular file; undefined when it is gone or not a regular file. Throws on unreadable content. */
export async function readAttributes(path: string, checks: SyscheckChecks, names: UserNames): Promise<FimAttributes | undefined> {
  const st = await lstat(path, { bigint: true }).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  const size = Number(st.size);
  const hashes = checks.md5 || checks.sha1 || checks.sha256 ? await hashFile(path, size, checks) : {};
  const uid = String(st.uid);
  const gid = String(st.gid);
  const attrs: Omit<FimAttributes, "checksum"> = {
    type: "file",
    ...(checks.size ? { size } : {}),
    ...(checks.perm ? { perm: permString(Number(st.mode)) } : {}),
    ...(checks.owner ? { uid, user_name: names.user(Number(st.uid)) } : {}),
    ...(checks.group ? { gid, group_name: names.group(Number(st.gid)) } : {}),
    ...(checks.inode ? { inode: Number(st.ino) } : {}),
    ...(checks.mtime ? { mtime: Number(st.mtimeMs / 1000n) } : {}),
    ...hashes,
  };
  return { ...attrs, checksum: checksumOf(attrs) };
}

async function hashFile(path: string, size: number, checks: SyscheckChecks): Promise<Partial<FimAttributes>> {
  if (size > MAX_HASH_BYTES) return { ...(checks.md5 ? { hash_md5: "" } : {}), ...(checks.sha1 ? { hash_sha1: "" } : {}), ...(checks.sha256 ? { hash_sha256: "" } : {}) };
  const md5 = checks.md5 ? createHash("md5") : undefined;
  const sha1 = checks.sha1 ? createHash("sha1") : undefined;
  const sha256 = checks.sha256 ? createHash("sha256") : undefined;
  // O_NOFOLLOW-like safety comes from the lstat above; a swap to a FIFO between the two is
  // bounded by the read stream (it would only read what the writer sends).
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    md5?.update(chunk as Buffer);
    sha1?.update(chunk as Buffer);
    sha256?.update(chunk as Buffer);
  }
  return {
    ...(md5 ? { hash_md5: md5.digest("hex") } : {}),
    ...(sha1 ? { hash_sha1: sha1.digest("hex") } : {}),
    ...(sha256 ? { hash_sha256: sha256.digest("hex") } : {}),
  };
}

/** "rwxr-sr-t"-style permissions of the low 12 mode bits (Wazuh's agent_file_perm). */
export function permString(mode: number): string {
  const bit = (m: number, c: string) => (mode & m ? c : "-");
  const special = (x: number, s: number, lower: string) => (mode & s ? (mode & x ? lower : lower.toUpperCase()) : mode & x ? "x" : "-");
  return (
    bit(0o400, "r") + bit(0o200, "w") + special(0o100, 0o4000, "s") +
    bit(0o040, "r") + bit(0o020, "w") + special(0o010, 0o2000, "s") +
    bit(0o004, "r") + bit(0o002, "w") + special(0o001, 0o1000, "t")
  );
}

function checksumOf(a: Omit<FimAttributes, "checksum">): string {
  const parts = [a.size, a.perm, a.uid, a.gid, a.hash_md5, a.hash_sha1, a.user_name, a.group_name, a.mtime, a.inode, a.hash_sha256];
  return createHash("sha1").update(parts.map((p) => (p === undefined ? "" : String(p))).join(":")).digest("hex");
}
