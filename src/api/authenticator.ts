/**
 * Who is calling: Basic credentials (POST /security/user/authenticate, and /metrics for
 * scrapers) checked against the configured users' scrypt hashes, and Bearer tokens checked
 * by signature, expiry and that the user still exists with the same role. An unknown user
 * costs the same scrypt work as a wrong password (no user enumeration by timing).
 * Must not: decide what a role may do (roles.ts) or talk HTTP.
 */
import type { ApiConfig, ApiRole } from "../config/mod.ts";
import { ApiError } from "./api_error.ts";
import { TOKEN_ISSUER, signToken, verifyToken } from "./jwt.ts";
import { hashPassword, verifyPassword } from "./password_hash.ts";
import { isRole } from "./roles.ts";

export interface Caller {
  readonly user: string;
  readonly role: ApiRole;
}

export interface AuthenticatorOptions {
  readonly users: ApiConfig["users"];
  readonly secret: Buffer;
  /** Seconds since epoch. */
  readonly nowSec: () => number;
  /** @default 900 (Wazuh's auth_token_exp_timeout) */
  readonly tokenTtlSec?: number;
}

export class Authenticator {
  readonly #o: AuthenticatorOptions;
  readonly #ttl: number;
  #dummy: Promise<string> | undefined;

  constructor(o: AuthenticatorOptions) {
    this.#o = o;
    this.#ttl = o.tokenTtlSec ?? 900;
  }

  get tokenTtlSec(): number {
    return this.#ttl;
  }

  /** Checks `Authorization: Basic …`; throws API_BAD_CREDENTIALS. */
  async basic(header: string | undefined): Promise<Caller> {
    const m = /^Basic ([A-Za-z0-9+/=]{1,1024})$/i.exec(header ?? "");
    if (!m) throw new ApiError("API_BAD_CREDENTIALS", "Basic authentication is required", { remediation: "Send Authorization: Basic base64(user:password)" });
    const text = Buffer.from(m[1] as string, "base64").toString("utf8");
    const colon = text.indexOf(":");
    const name = colon < 0 ? text : text.slice(0, colon);
    const password = colon < 0 ? "" : text.slice(colon + 1);
    const user = this.#o.users.find((u) => u.name === name);
    const ok = user ? await verifyPassword(password, user.passwordHash) : await this.#burn(password);
    if (!user || !ok) throw new ApiError("API_BAD_CREDENTIALS", "Invalid credentials");
    return { user: user.name, role: user.role };
  }

  /** Same cost as a real check, always false. */
  async #burn(password: string): Promise<false> {
    this.#dummy ??= hashPassword("riposte-no-such-user");
    await verifyPassword(password, await this.#dummy);
    return false;
  }

  issue(caller: Caller): string {
    const now = this.#o.nowSec();
    return signToken(this.#o.secret, { iss: TOKEN_ISSUER, sub: caller.user, role: caller.role, iat: now, nbf: now, exp: now + this.#ttl });
  }

  /** Checks `Authorization: Bearer …`; throws API_UNAUTHORIZED / API_TOKEN_EXPIRED. */
  bearer(header: string | undefined): Caller {
    const m = /^Bearer (\S{1,4096})$/i.exec(header ?? "");
    if (!m) throw new ApiError("API_UNAUTHORIZED", "No authorization token provided", { remediation: "Get one with POST /security/user/authenticate and send Authorization: Bearer <token>" });
    const claims = verifyToken(this.#o.secret, m[1] as string, this.#o.nowSec());
    const user = this.#o.users.find((u) => u.name === claims.sub);
    if (!user || !isRole(claims.role) || user.role !== claims.role) throw new ApiError("API_UNAUTHORIZED", "Invalid token: the user or its role changed");
    return { user: user.name, role: user.role };
  }
}
