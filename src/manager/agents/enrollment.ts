/**
 * Enrollment (authd, port 1515): one `enroll` request per connection. Order of checks: rate
 * limit per source address (before reading anything), password (constant-time), name policy,
 * CSR signature; then the registry allocates the id and the CA signs the agent's key with
 * CN=<id>. Every refusal is a `refused` message with a stable code, counted and logged.
 * Must not: trust the request's shape before validation (the channel validated it) or log the
 * password.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Logger } from "../../core/mod.ts";
import { certificateFingerprint, signAgentCsr, type Channel, type ChannelCounters, type EnrollMessage, type KeyAndCert } from "../../transport/mod.ts";
import type { AgentRegistry } from "./agent_registry.ts";
import type { RateLimiter } from "./rate_limiter.ts";
import type { ManagerCode } from "../codes.ts";

export type DuplicateNamePolicy = "refuse" | "replace";

export interface EnrollmentDeps {
  readonly registry: AgentRegistry;
  readonly ca: KeyAndCert;
  /** The required password; undefined when <use_password> is off; null when it is on but unreadable (every attempt is refused). */
  readonly password: () => string | undefined | null;
  readonly duplicateNames: DuplicateNamePolicy;
  readonly limiter: RateLimiter;
  readonly counters: ChannelCounters;
  readonly logger: Logger;
  /** Called when `replace` revokes an older agent of the same name (the server closes it). */
  readonly onRevoked: (agentId: string) => void;
  /** @default 10000 */
  readonly requestTimeoutMs?: number;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

function passwordMatches(expected: string | undefined | null, given: string | undefined): boolean {
  if (expected === undefined) return true;
  if (expected === null || given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/** Serves one enrollment connection to its end; never throws. */
export async function serveEnrollment(channel: Channel, deps: EnrollmentDeps): Promise<void> {
  const address = channel.peer.address;
  const refuse = async (code: ManagerCode, message: string) => {
    deps.counters.count(code);
    deps.logger.warn("enrollment refused", { address, code });
    await channel.send({ t: "refused", code, message }).catch(() => undefined);
    await channel.close();
  };
  if (!deps.limiter.take(address)) return refuse("ENROLL_RATE_LIMITED", "Too many enrollment attempts from this address");
  const request = await firstMessage(channel, deps.requestTimeoutMs ?? 10_000);
  if (!request || request.t !== "enroll") return refuse("ENROLL_TIMEOUT", "Expected one enroll request");
  if (!passwordMatches(deps.password(), request.password)) return refuse("ENROLL_BAD_PASSWORD", "The enrollment password is missing or wrong");
  const existing = deps.registry.byName(request.name);
  if (existing && deps.duplicateNames === "refuse") return refuse("ENROLL_DUPLICATE_NAME", `An agent named "${request.name}" is already registered`);
  let issued = "";
  try {
    const record = await deps.registry.add({ name: request.name, ip: address, groups: request.groups }, async (id) => {
      const { certPem, serial } = await signAgentCsr(deps.ca, request.csr, id);
      issued = certPem;
      return { serial, fingerprint: certificateFingerprint(certPem) };
    });
    if (existing && deps.registry.revoke(existing.id)) deps.onRevoked(existing.id);
    deps.logger.info("agent enrolled", { id: record.id, name: record.name, address, replaced: existing?.id });
    await channel.send({ t: "enrolled", agentId: record.id, name: record.name, cert: issued, ca: deps.ca.certPem });
  } catch (error: unknown) {
    const code = (error as { code?: string }).code === "PKI_CSR_INVALID" ? "PKI_CSR_INVALID" : "ERR_INTERNAL";
    deps.counters.count(code);
    deps.logger.warn("enrollment failed", { address, code, error });
    await channel.send({ t: "refused", code, message: "Cannot issue a certificate for this request" }).catch(() => undefined);
  }
  await channel.close();
}

async function firstMessage(channel: Channel, timeoutMs: number): Promise<EnrollMessage | { t: "other" } | undefined> {
  const timer = setTimeout(() => void channel.close(), timeoutMs);
  try {
    for await (const m of channel.messages()) return m.t === "enroll" ? m : { t: "other" };
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
