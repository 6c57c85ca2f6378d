/**
 * JSON Web Tokens, HS256 only (node:crypto HMAC), as Wazuh's API issues them after
 * POST /security/user/authenticate. The secret is per home: HOME/etc/api.jwt.key (32 random
 * bytes, mode 0600, created on first use), so restarting keeps tokens valid and two homes
 * never accept each other's tokens.
 * Must not: accept any other algorithm (no "none", no RS/HS confusion).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ApiError } from "./api_error.ts";

export interface TokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly role: string;
  /** Seconds since epoch. */
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
export const TOKEN_ISSUER = "riposte";

/** Reads (or creates) the home's token secret. */
export function loadTokenSecret(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  }
  chmodSync(path, 0o600);
  const secret = Buffer.from(readFileSync(path, "utf8").trim(), "base64");
  if (secret.length < 32) throw new ApiError("API_INTERNAL", `The token secret ${path} is shorter than 32 bytes; delete it to make a new one`);
  return secret;
}

const sign = (secret: Buffer, input: string): Buffer => createHmac("sha256", secret).update(input).digest();

export function signToken(secret: Buffer, claims: TokenClaims): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${body}.${sign(secret, body).toString("base64url")}`;
}

const unauthorized = (why: string) => new ApiError("API_UNAUTHORIZED", `Invalid token: ${why}`, { remediation: "Get a new one with POST /security/user/authenticate" });

/** Verifies signature, algorithm and times; `nowSec` in seconds. Throws API_UNAUTHORIZED / API_TOKEN_EXPIRED. */
export function verifyToken(secret: Buffer, token: string, nowSec: number): TokenClaims {
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 4096) throw unauthorized("not a JWT");
  const [h, p, s] = parts as [string, string, string];
  if (h !== HEADER) throw unauthorized("only HS256 tokens of this API are accepted");
  const expected = sign(secret, `${h}.${p}`);
  const given = Buffer.from(s, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized("bad signature");
  let claims: Partial<TokenClaims>;
  try {
    claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Partial<TokenClaims>;
  } catch {
    throw unauthorized("unreadable claims");
  }
  if (claims.iss !== TOKEN_ISSUER || typeof claims.sub !== "string" || typeof claims.role !== "string" || typeof claims.exp !== "number" || typeof claims.nbf !== "number") {
    throw unauthorized("missing claims");
  }
  if (nowSec >= claims.exp) throw new ApiError("API_TOKEN_EXPIRED", "The token has expired", { remediation: "Get a new one with POST /security/user/authenticate" });
  if (nowSec + 60 < claims.nbf) throw unauthorized("not valid yet");
  return claims as TokenClaims;
}
