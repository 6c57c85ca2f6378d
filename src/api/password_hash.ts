/**
 * API user passwords: `scrypt$N$r$p$<salt base64>$<hash base64>` (node:crypto scrypt, 32-byte
 * key). hashPassword makes one (N=16384, r=8, p=1, 16-byte random salt); verifyPassword
 * compares in constant time. `riposte api-hash` prints a hash for `<password_hash>`.
 * Must not: log or keep passwords.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { ApiError } from "./api_error.ts";

const KEY_LEN = 32;
const DEFAULTS = { N: 16_384, r: 8, p: 1 };

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

interface ParsedHash extends ScryptParams {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULTS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params, KEY_LEN);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/=]{8,})\$([A-Za-z0-9+/=]{16,})$/;

/** Parses a stored hash; throws API_BAD_PASSWORD_HASH when it is not ours (or unreasonably costly). */
export function parsePasswordHash(text: string): ParsedHash {
  const m = FORMAT.exec(text);
  const N = Number(m?.[1]);
  const r = Number(m?.[2]);
  const p = Number(m?.[3]);
  if (!m || N < 2 || (N & (N - 1)) !== 0 || N > 1_048_576 || r < 1 || r > 32 || p < 1 || p > 16) {
    throw new ApiError("API_BAD_PASSWORD_HASH", "The password hash is not scrypt$N$r$p$salt$hash (N a power of two ≤ 2^20, r ≤ 32, p ≤ 16)", {
      remediation: "Make one with `riposte api-hash`",
    });
  }
  return { N, r, p, salt: Buffer.from(m[4] as string, "base64"), hash: Buffer.from(m[5] as string, "base64") };
}

/** True when `password` matches `stored`; false on a mismatch. Throws only for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  const key = await derive(password, parsed.salt, parsed, parsed.hash.length);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}
