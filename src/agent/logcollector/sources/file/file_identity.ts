/**
 * What makes a file "the same file": its `dev:ino` and a fingerprint (sha256) of its first
 * bytes. Inodes are reused after deletion, and copytruncate keeps the inode while replacing
 * the content, so the fingerprint settles what the inode cannot. Also finds where a rotated
 * file went (a sibling with the same inode, or a copy with the same first bytes).
 * Must not: read more than the fingerprint bytes of any file.
 */
import { createHash } from "node:crypto";
import { open, readdir, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Bytes of a file's head that identify it. */
export const FINGERPRINT_BYTES = 1024;

export interface Fingerprint {
  readonly fingerprint: string;
  readonly fingerprintBytes: number;
}

/** `dev:ino` of a stat result. */
export function identityOf(st: { dev: bigint; ino: bigint }): string {
  return `${st.dev}:${st.ino}`;
}

/** sha256 of the first `bytes` bytes (fewer if the file is shorter: then `fingerprintBytes` says so). */
export async function fingerprintOf(fh: FileHandle, bytes: number): Promise<Fingerprint> {
  const buf = Buffer.alloc(bytes);
  let got = 0;
  while (got < bytes) {
    const { bytesRead } = await fh.read(buf, got, bytes - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return { fingerprint: createHash("sha256").update(buf.subarray(0, got)).digest("hex"), fingerprintBytes: got };
}

/** True when the file's first `expected.fingerprintBytes` bytes hash to `expected.fingerprint`. */
export async function fingerprintMatches(fh: FileHandle, expected: Fingerprint): Promise<boolean> {
  const now = await fingerprintOf(fh, expected.fingerprintBytes);
  return now.fingerprintBytes === expected.fingerprintBytes && now.fingerprint === expected.fingerprint;
}

/** Where the content a checkpoint describes lives now, if anywhere near `path`. */
export interface RotatedFile {
  readonly path: string;
  readonly fh: FileHandle;
}

/**
 * Finds the rotated successor of a file last seen at `path` with `identity`/`fp`: first a
 * sibling (same directory, name starting with the base name) with the same inode (rotation
 * by rename), else one whose head matches the fingerprint and that is at least `minSize` long
 * (a copytruncate copy), the most recently modified first. Compressed copies never match.
 * The caller closes the returned handle.
 */
export async function findRotated(path: string, identity: string, fp: Fingerprint, minSize: number): Promise<RotatedFile | undefined> {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n !== base && n.startsWith(base));
  } catch {
    // The directory itself is gone: nothing to recover from.
    return undefined;
  }
  const candidates: { path: string; mtimeMs: number; sameInode: boolean }[] = [];
  for (const name of names) {
    try {
      const st = await stat(join(dir, name), { bigint: true });
      if (!st.isFile() || Number(st.size) < minSize) continue;
      candidates.push({ path: join(dir, name), mtimeMs: Number(st.mtimeMs), sameInode: identityOf(st) === identity });
    } catch {
      // Vanished between readdir and stat: not a candidate.
    }
  }
  candidates.sort((a, b) => Number(b.sameInode) - Number(a.sameInode) || b.mtimeMs - a.mtimeMs);
  for (const c of candidates) {
    // An empty fingerprint matches any file: only the same inode can then be trusted.
    if (fp.fingerprintBytes === 0 && !c.sameInode) continue;
    const fh = await open(c.path, "r").catch(() => undefined);
    if (!fh) continue;
    if (await fingerprintMatches(fh, fp).catch(() => false)) return { path: c.path, fh };
    await fh.close();
  }
  return undefined;
}
